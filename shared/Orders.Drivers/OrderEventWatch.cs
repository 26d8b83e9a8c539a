using System.Diagnostics;
using System.Threading.Channels;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Orders.Contracts.Messaging;
using Orders.Drivers.Internal;

namespace Orders.Drivers;

/// <summary>
/// Watches ORDERS through an ephemeral pull consumer (deliver policy new, or all with
/// <c>fromStart</c>; one filter subject <c>orders.*</c>; ack none; in memory), consumed with
/// NATS.Net's <c>ConsumeAsync</c> on an inbox under the driver user's prefix. Start it BEFORE
/// publishing: a consumer with deliver policy new sees only what is stored after it exists, and
/// it exists once <see cref="StartAsync"/> returns. The consumer is deleted when the watch is
/// disposed, and the server removes it by itself after its inactivity threshold if the process dies.
/// </summary>
/// <remarks>
/// Not NATS.Net's ordered consumer: that one creates its consumer lazily inside the enumeration
/// (so "exists before the first publish" and a refused create could not be reported at start),
/// and it sends <c>filter_subjects</c>, which nats-server 2.9 ignores.
/// </remarks>
internal sealed class OrderEventWatch : IAsyncDisposable
{
    // Bounded: when the reader falls behind, the consume loop stops taking messages and NATS.Net
    // stops pulling more, so the server holds the backlog instead of this process.
    private const int Capacity = 16_384;
    // Messages asked for per pull (NATS.Net requires a bound; 1000 is its own default).
    private const int PullBatch = 1_000;
    private static readonly TimeSpan IdleHeartbeat = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan InactiveThreshold = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DeleteTimeout = TimeSpan.FromSeconds(2);

    private readonly DriverConnection _nats;
    private readonly Channel<ObservedOrderEvent> _events =
        Channel.CreateBounded<ObservedOrderEvent>(new BoundedChannelOptions(Capacity) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _readLoop;
    private long _skipped;
    private int _disposed;

    private OrderEventWatch(DriverConnection nats, INatsJSConsumer consumer)
    {
        _nats = nats;
        ConsumerName = consumer.Info.Name;
        _readLoop = ReadAsync(consumer, _stop.Token);
    }

    /// <summary>The name of the ephemeral consumer.</summary>
    public string ConsumerName { get; }

    /// <summary>Decoded events in stream order. Completes when the watch is disposed.</summary>
    public ChannelReader<ObservedOrderEvent> Events => _events.Reader;

    /// <summary>Messages on ORDERS that were not contract events (unknown subject or undecodable payload).</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Creates the consumer and starts receiving.</summary>
    /// <exception cref="DriverException">ORDERS does not exist, JetStream is off, or the user may not create consumers.</exception>
    public static async Task<OrderEventWatch> StartAsync(DriverConnection nats, bool fromStart, CancellationToken ct)
    {
        var clientName = nats.Connection.Opts.Name;
        var config = new ConsumerConfig
        {
            // Named (not durable): the name is known before the create, and scoped by driver for permissions.
            Name = $"{clientName}-watch-{Guid.NewGuid():N}",
            Description = $"{clientName} watching outcomes",
            DeliverPolicy = fromStart ? ConsumerConfigDeliverPolicy.All : ConsumerConfigDeliverPolicy.New,
            AckPolicy = ConsumerConfigAckPolicy.None,
            // One filter subject: nats-server 2.9 drops filter_subjects (plural) silently.
            FilterSubject = Subjects.Orders.All,
            MemStorage = true,
            NumReplicas = 1,
            InactiveThreshold = InactiveThreshold,
        };

        try
        {
            var consumer = await nats.JetStream.CreateOrUpdateConsumerAsync(Streams.Names.Orders, config, ct).ConfigureAwait(false);
            return new OrderEventWatch(nats, consumer);
        }
        catch (NatsJSApiException ex) when (ex.Error.ErrCode == Problems.StreamNotFoundErrCode)
        {
            throw Problems.StreamMissing(Streams.Names.Orders, nats.Settings, ex);
        }
        catch (Exception ex) when (nats.Describe(ex) is { } problem)
        {
            throw problem;
        }
        catch (NatsJSApiException ex)
        {
            throw new DriverException($"cannot watch {Streams.Names.Orders} at {nats.Settings.DisplayUrl}: {ex.Message}", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _readLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            // Not strictly needed (the server expires it), but it keeps `nats consumer ls ORDERS` clean right away.
            using var timeout = new CancellationTokenSource(DeleteTimeout);
            await _nats.JetStream.DeleteConsumerAsync(Streams.Names.Orders, ConsumerName, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NatsException or OperationCanceledException)
        {
            // Best effort: the server expires it anyway.
        }

        _stop.Dispose();
    }

    private async Task ReadAsync(INatsJSConsumer consumer, CancellationToken ct)
    {
        await Task.Yield();
        var opts = new NatsJSConsumeOpts { MaxMsgs = PullBatch, IdleHeartbeat = IdleHeartbeat };
        try
        {
            // Heartbeats and re-pulls are handled inside the enumeration; only stream messages arrive here.
            await foreach (var msg in consumer.ConsumeAsync(NatsRawSerializer<byte[]>.Default, opts, ct).ConfigureAwait(false))
            {
                if (!OrderEventDecoder.TryDecode(msg.Subject, msg.Data, out var evt) || msg.Metadata is not { } metadata)
                {
                    Interlocked.Increment(ref _skipped);
                    continue;
                }

                // With ack none the reply subject still carries the metadata (sequence, pending).
                var observed = new ObservedOrderEvent(msg.Subject, evt!, metadata.Sequence.Stream, metadata.NumPending, Stopwatch.GetTimestamp());
                await _events.Writer.WriteAsync(observed, ct).ConfigureAwait(false);
            }

            _events.Writer.TryComplete(ct.IsCancellationRequested ? null : Lost(null));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _events.Writer.TryComplete();
        }
        catch (Exception ex) when (_nats.Describe(ex) is { } problem)
        {
            _events.Writer.TryComplete(problem);
        }
        catch (NatsJSException ex)
        {
            // ConsumeAsync ends when the consumer is gone (409 consumer deleted, repeated 503s): a
            // server restart removes an in-memory consumer, and outcomes after it cannot be seen.
            _events.Writer.TryComplete(Lost(ex));
        }
        catch (Exception ex)
        {
            _events.Writer.TryComplete(ex);
        }
    }

    private DriverException Lost(Exception? inner) =>
        new($"the watch on {Streams.Names.Orders} at {_nats.Settings.DisplayUrl} was lost (NATS restarted?) — run again", inner);
}
