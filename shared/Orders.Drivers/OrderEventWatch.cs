using System.Diagnostics;
using System.Threading.Channels;
using Orders.Contracts.Messaging;
using Orders.Drivers.Internal;
using Orders.Nats;
using Orders.Nats.JetStream;

namespace Orders.Drivers;

/// <summary>
/// Watches ORDERS through an ephemeral push consumer (deliver policy new, or all with
/// <c>fromStart</c>; filter <c>orders.&gt;</c>; ack none; delivered to an inbox, the only
/// subjects the driver user may subscribe to). Start it BEFORE publishing: a consumer with
/// deliver policy new sees only what is stored after it exists (the server holds back what it
/// stores until the watch's subscription is in place, so nothing is missed in between). The server
/// removes the consumer when the watch is disposed (explicitly, or after its inactivity threshold
/// if the process dies).
/// </summary>
internal sealed class OrderEventWatch : IAsyncDisposable
{
    private const string FilterSubject = "orders.>";

    // Bounded so flow control reaches the server when we fall behind: the consume loop stops
    // answering flow-control requests until the reader catches up.
    private const int Capacity = 16_384;
    private static readonly TimeSpan IdleHeartbeat = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan InactiveThreshold = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DeleteTimeout = TimeSpan.FromSeconds(2);

    private readonly NatsJSContext _js;
    private readonly NatsSettings _settings;
    private readonly Channel<ObservedOrderEvent> _events =
        Channel.CreateBounded<ObservedOrderEvent>(new BoundedChannelOptions(Capacity) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _readLoop;
    private long _skipped;
    private int _disposed;

    private OrderEventWatch(NatsJSContext js, ConsumerInfo consumer, NatsSettings settings)
    {
        _js = js;
        _settings = settings;
        ConsumerName = consumer.Name;
        _readLoop = ReadAsync(consumer, _stop.Token);
    }

    /// <summary>The server-assigned name of the ephemeral consumer.</summary>
    public string ConsumerName { get; }

    /// <summary>Decoded events in stream order. Completes when the watch is disposed.</summary>
    public ChannelReader<ObservedOrderEvent> Events => _events.Reader;

    /// <summary>Messages on ORDERS that were not contract events (unknown subject or undecodable payload).</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Creates the consumer and starts receiving.</summary>
    /// <exception cref="DriverException">ORDERS does not exist, JetStream is off, or the user may not create consumers.</exception>
    public static async Task<OrderEventWatch> StartAsync(NatsConnection connection, NatsSettings settings, bool fromStart, CancellationToken ct)
    {
        var js = new NatsJSContext(connection);
        var config = new ConsumerConfig(DurableName: string.Empty)
        {
            Description = $"{connection.Opts.Name} watching outcomes",
            DeliverSubject = connection.NewInbox(),
            DeliverPolicy = fromStart ? ConsumerDeliverPolicy.All : ConsumerDeliverPolicy.New,
            AckPolicy = ConsumerAckPolicy.None,
            MaxAckPending = 0, // the server refuses a limit on acks nobody sends
            FilterSubject = FilterSubject,
            // Flow control lets the server pace a big backlog to how fast we read; it requires heartbeats.
            FlowControl = true,
            IdleHeartbeat = IdleHeartbeat,
            MemStorage = true,
            NumReplicas = 1,
            InactiveThreshold = InactiveThreshold,
        };

        try
        {
            return new OrderEventWatch(js, await js.CreateEphemeralConsumerAsync(Streams.Names.Orders, config, ct).ConfigureAwait(false), settings);
        }
        catch (NatsJSStreamNotFoundException ex)
        {
            throw Problems.StreamMissing(Streams.Names.Orders, settings, ex);
        }
        catch (NatsTimeoutException ex)
        {
            throw new DriverException(
                $"JetStream at {settings.DisplayUrl} does not answer — is the server started with JetStream and the system running? (./run.sh up)", ex);
        }
        catch (Exception ex) when (Problems.Describe(ex, settings) is { } problem)
        {
            throw problem;
        }
        catch (NatsJSApiException ex)
        {
            throw new DriverException($"cannot watch {Streams.Names.Orders} at {settings.DisplayUrl}: {ex.Message}", ex);
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
            // Not strictly needed (an ephemeral consumer without subscriber expires), but it keeps
            // `nats consumer ls ORDERS` clean right away.
            using var timeout = new CancellationTokenSource(DeleteTimeout);
            await _js.DeleteConsumerAsync(Streams.Names.Orders, ConsumerName, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NatsException or OperationCanceledException)
        {
            // Best effort: the server expires it anyway.
        }

        _stop.Dispose();
    }

    private async Task ReadAsync(ConsumerInfo consumer, CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            // Flow control and heartbeats are handled inside the enumeration; only stream messages arrive here.
            await foreach (var msg in _js.ConsumePushAsync(consumer, ct).ConfigureAwait(false))
            {
                if (!OrderEventDecoder.TryDecode(msg.Subject, msg.Data.Span, out var evt))
                {
                    Interlocked.Increment(ref _skipped);
                    continue;
                }

                // With ack none the reply subject still carries the metadata (sequence, pending).
                var metadata = msg.Metadata;
                var observed = new ObservedOrderEvent(msg.Subject, evt!, metadata.Sequence.Stream, metadata.NumPending, Stopwatch.GetTimestamp());
                await _events.Writer.WriteAsync(observed, ct).ConfigureAwait(false);
            }

            _events.Writer.TryComplete();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _events.Writer.TryComplete();
        }
        catch (NatsJSConsumerNotFoundException ex)
        {
            // The server lost the consumer (a restart removes ephemeral consumers): outcomes after it cannot be seen.
            _events.Writer.TryComplete(new DriverException(
                $"the watch on {Streams.Names.Orders} at {_settings.DisplayUrl} was lost (NATS restarted?) — run again", ex));
        }
        catch (Exception ex)
        {
            _events.Writer.TryComplete(Problems.Describe(ex, _settings) ?? ex);
        }
    }
}
