using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Orders.Nats.Internal;

/// <summary>
/// A core subscription delivering into a bounded channel. When the consumer falls behind and the
/// channel is full, new messages are dropped and counted: the socket reader is never blocked.
/// </summary>
internal sealed class NatsSubscription : SubscriptionBase, INatsSub
{
    private static readonly long WarnEveryTicks = Stopwatch.Frequency * 5;

    private readonly Channel<NatsMsg> _channel;
    private readonly int _capacity;
    private readonly ILogger _logger;
    private long _dropped;
    private long _lastWarning;
    private int _completed;
    private bool _full; // socket reader only

    public NatsSubscription(NatsConnection connection, long sid, string subject, string? queueGroup, int capacity, ILogger logger)
        : base(connection, sid, subject, queueGroup)
    {
        _capacity = capacity;
        _logger = logger;
        _channel = Channel.CreateBounded<NatsMsg>(new BoundedChannelOptions(capacity)
        {
            SingleWriter = true,
            SingleReader = false,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
    }

    public ChannelReader<NatsMsg> Msgs => _channel.Reader;

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Why the server refused the subscription, if it did.</summary>
    public Exception? Error { get; private set; }

    public override void Deliver(ReadOnlySpan<byte> subject, ReadOnlySpan<byte> replyTo, in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload)
    {
        if (Volatile.Read(ref _completed) != 0)
        {
            return;
        }

        // Once the channel was found full, check before building the message so a slow consumer costs
        // no allocation; otherwise TryWrite alone decides (Count would take the channel's lock a second time).
        if (_full && _channel.Reader.Count >= _capacity)
        {
            OnDropped();
            return;
        }

        _full = !_channel.Writer.TryWrite(CreateMsg(subject, replyTo, headers, payload));
        if (_full)
        {
            OnDropped();
        }
    }

    public override void Fault(Exception error)
    {
        Error = error;
        if (Interlocked.Exchange(ref _completed, 1) == 0)
        {
            _channel.Writer.TryComplete(error);
        }
    }

    public override void Complete()
    {
        if (Interlocked.Exchange(ref _completed, 1) == 0)
        {
            _channel.Writer.TryComplete();
        }
    }

    public ValueTask UnsubscribeAsync() => Connection.UnsubscribeAsync(this);

    public ValueTask DrainAsync(CancellationToken ct = default) => Connection.DrainSubscriptionAsync(this, ct);

    public ValueTask DisposeAsync() => UnsubscribeAsync();

    private void OnDropped()
    {
        if (Volatile.Read(ref _completed) != 0)
        {
            return;
        }

        var dropped = Interlocked.Increment(ref _dropped);
        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref _lastWarning);
        if ((last == 0 || now - last >= WarnEveryTicks) && Interlocked.CompareExchange(ref _lastWarning, now, last) == last)
        {
            Log.SlowConsumer(_logger, Subject, Sid, _capacity, dropped);
        }
    }
}
