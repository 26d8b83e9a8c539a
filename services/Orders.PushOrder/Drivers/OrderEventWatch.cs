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
/// deliver policy new sees only what is stored after it exists. The server removes the consumer
/// when the watch is disposed (explicitly, or after its inactivity threshold if the process dies).
/// </summary>
internal sealed class OrderEventWatch : IAsyncDisposable
{
    private const string FilterSubject = "orders.>";
    private const string ConsumerStalledHeader = "Nats-Consumer-Stalled";
    private const int JetStreamStreamNotFound = 10059;

    // Bounded so flow control reaches the server when we fall behind: the read loop stops
    // answering flow-control requests until the reader catches up.
    private const int Capacity = 16_384;
    private static readonly TimeSpan ApiTimeout = TimeSpan.FromSeconds(5);

    private readonly NatsConnection _connection;
    private readonly INatsSub _subscription;
    private readonly Channel<ObservedOrderEvent> _events =
        Channel.CreateBounded<ObservedOrderEvent>(new BoundedChannelOptions(Capacity) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _readLoop;
    private long _skipped;
    private int _disposed;

    private OrderEventWatch(NatsConnection connection, INatsSub subscription, string consumerName)
    {
        _connection = connection;
        _subscription = subscription;
        ConsumerName = consumerName;
        _readLoop = ReadAsync(_stop.Token);
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
        var inbox = connection.NewInbox();
        // Subscribed before the consumer exists, so nothing it delivers can arrive unheard.
        var subscription = await SubscribeAsync(connection, inbox, settings, ct).ConfigureAwait(false);
        try
        {
            var name = await CreateConsumerAsync(connection, inbox, fromStart, settings, ct).ConfigureAwait(false);
            return new OrderEventWatch(connection, subscription, name);
        }
        catch
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
            throw;
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
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _connection.RequestAsync($"$JS.API.CONSUMER.DELETE.{Streams.Names.Orders}.{ConsumerName}", timeout: TimeSpan.FromSeconds(2), ct: timeout.Token)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NatsException or OperationCanceledException)
        {
            // Best effort: the server expires it anyway.
        }

        await _subscription.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private static async Task<INatsSub> SubscribeAsync(NatsConnection connection, string inbox, NatsSettings settings, CancellationToken ct)
    {
        try
        {
            return await connection.SubscribeCoreAsync(inbox, ct: ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (Problems.Describe(ex, settings) is { } problem)
        {
            throw problem;
        }
    }

    private static async Task<string> CreateConsumerAsync(NatsConnection connection, string inbox, bool fromStart, NatsSettings settings, CancellationToken ct)
    {
        var body = EphemeralConsumerRequest.Build(Streams.Names.Orders, FilterSubject, inbox, fromStart, $"{connection.Opts.Name} watching outcomes");
        NatsMsg reply;
        try
        {
            reply = await connection.RequestAsync($"$JS.API.CONSUMER.CREATE.{Streams.Names.Orders}", body, timeout: ApiTimeout, ct: ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NatsNoRespondersException or NatsTimeoutException)
        {
            throw new DriverException(
                $"JetStream at {settings.DisplayUrl} does not answer — is the server started with JetStream and the system running? (./run.sh up)", ex);
        }
        catch (Exception ex) when (Problems.Describe(ex, settings) is { } problem)
        {
            throw problem;
        }

        var (name, errCode, error) = EphemeralConsumerRequest.ParseResponse(reply.Data.Span);
        return name
            ?? throw (errCode == JetStreamStreamNotFound
                ? Problems.StreamMissing(Streams.Names.Orders, settings)
                : new DriverException($"cannot watch {Streams.Names.Orders} at {settings.DisplayUrl}: {error}"));
    }

    private async Task ReadAsync(CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            await foreach (var msg in _subscription.Msgs.ReadAllAsync(ct).ConfigureAwait(false))
            {
                if (msg.Headers is { Code: > 0 } status)
                {
                    await AnswerFlowControlAsync(msg, status, ct).ConfigureAwait(false);
                    continue;
                }

                if (!OrderEventDecoder.TryDecode(msg.Subject, msg.Data.Span, out var evt))
                {
                    Interlocked.Increment(ref _skipped);
                    continue;
                }

                // With ack none the reply subject still carries the metadata (sequence, pending).
                NatsJSMsgMetadata.TryParse(msg.ReplyTo, out var metadata);
                var observed = new ObservedOrderEvent(msg.Subject, evt!, metadata?.Sequence.Stream ?? 0, metadata?.NumPending ?? 0, Stopwatch.GetTimestamp());
                await _events.Writer.WriteAsync(observed, ct).ConfigureAwait(false);
            }

            _events.Writer.TryComplete();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _events.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            _events.Writer.TryComplete(ex);
        }
    }

    /// <summary>Status 100 is a flow-control request (with a reply subject) or a heartbeat (that may name a stalled request).</summary>
    private ValueTask AnswerFlowControlAsync(NatsMsg msg, NatsHeaders status, CancellationToken ct)
    {
        if (status.Code != 100)
        {
            return default;
        }

        var reply = !string.IsNullOrEmpty(msg.ReplyTo) ? msg.ReplyTo : status[ConsumerStalledHeader];
        return string.IsNullOrEmpty(reply) ? default : _connection.PublishAsync(reply, ct: ct);
    }
}
