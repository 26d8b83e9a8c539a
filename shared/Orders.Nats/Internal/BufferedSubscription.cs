using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Orders.Nats.Internal;

/// <summary>What <see cref="NatsConnection.DrainAsync"/> needs of every subscription that buffers for a reader.</summary>
internal interface IBufferedSubscription
{
    /// <summary>Completes once the buffer has been completed and read empty.</summary>
    Task ReadCompletion { get; }
}

/// <summary>
/// A subscription delivering into a bounded channel of <typeparamref name="T"/>, built from the raw
/// bytes on the socket reader (<see cref="Create"/>). When the consumer falls behind and the channel
/// is full, new messages are dropped and counted: the socket reader is never blocked.
/// </summary>
internal abstract class BufferedSubscription<T> : SubscriptionBase, IBufferedSubscription
{
    private static readonly long WarnEveryTicks = Stopwatch.Frequency * 5;

    private readonly Channel<T> _channel;
    private readonly int _capacity;
    private readonly ILogger _logger;
    private readonly bool _wakeOncePerRead;
    private readonly List<T> _batch = []; // socket reader only: this read's messages, written at its end
    private long _dropped;
    private long _lastWarning;
    private int _completed;
    private bool _full; // socket reader only

    /// <param name="wakeOncePerRead">
    /// Buffer a socket read's messages and write them to the channel at its end: a waiting consumer
    /// is woken once per read with all of them ready, instead of for the first one while the rest is
    /// parsed. Fewer thread wake-ups for plain streams of messages; not for consumers whose server
    /// waits for their acks (JetStream), where the first message's latency matters more.
    /// </param>
    protected BufferedSubscription(NatsConnection connection, long sid, string subject, string? queueGroup, int capacity, ILogger logger,
                                   bool wakeOncePerRead)
        : base(connection, sid, subject, queueGroup)
    {
        _wakeOncePerRead = wakeOncePerRead;
        _capacity = capacity;
        _logger = logger;
        _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity)
        {
            SingleWriter = true,
            SingleReader = false,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
    }

    public ChannelReader<T> Msgs => _channel.Reader;

    public Task ReadCompletion => _channel.Reader.Completion;

    public long Dropped => Interlocked.Read(ref _dropped);

    public override void Deliver(ReadOnlySpan<byte> subject, ReadOnlySpan<byte> replyTo, in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload)
    {
        if (Volatile.Read(ref _completed) != 0)
        {
            return;
        }

        // Once the channel was found full, check before building the message so a slow consumer costs
        // no allocation; otherwise TryWrite alone decides (Count would take the channel's lock a second time).
        if (_full && _channel.Reader.Count + _batch.Count >= _capacity)
        {
            OnDropped();
            return;
        }

        if (_wakeOncePerRead)
        {
            _batch.Add(Create(subject, replyTo, headers, payload));
            return;
        }

        _full = !_channel.Writer.TryWrite(Create(subject, replyTo, headers, payload));
        if (_full)
        {
            OnDropped();
        }
    }

    public override bool WantsReadBatchEnd => _wakeOncePerRead;

    public override void OnReadBatchEnd()
    {
        var full = false;
        foreach (var item in _batch)
        {
            if (!_channel.Writer.TryWrite(item))
            {
                full = true;
                OnDropped();
            }
        }

        _full = full;
        _batch.Clear();
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

    /// <summary>Builds the buffered item on the socket reader; the spans are only valid during the call, so it copies what it keeps.</summary>
    protected abstract T Create(ReadOnlySpan<byte> subject, ReadOnlySpan<byte> replyTo, in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload);

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
