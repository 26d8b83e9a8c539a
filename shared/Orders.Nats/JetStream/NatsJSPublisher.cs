using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Orders.Nats.Internal;
using Orders.Nats.JetStream.Internal;

namespace Orders.Nats.JetStream;

/// <summary>
/// Pipelined JetStream publishing: publishes go out without waiting for the previous ack, and
/// at most <see cref="MaxOutstanding"/> acks are outstanding at a time (the next
/// <see cref="PublishAsync"/> waits for a free slot: back-pressure instead of an unbounded queue).
/// All acks come back on one wildcard inbox subscription and are matched by a number in the reply
/// subject; they are read on the connection's socket reader, straight from the bytes. Acks that do
/// not arrive within the request timeout fail with <see cref="NatsTimeoutException"/>. Publishes from one caller are stored in the order sent.
/// </summary>
public sealed class NatsJSPublisher : IAsyncDisposable
{
    /// <summary>Default ack window.</summary>
    public const int DefaultMaxOutstanding = 256;

    private readonly NatsJSContext _js;
    private readonly AckInbox _ackInbox;
    private readonly SemaphoreSlim _window;
    // Guarded by _pendingGate. A plain dictionary under a lock reuses its entry array: no node allocated per publish.
    private readonly Dictionary<long, PendingAck> _pending;
    private readonly Lock _pendingGate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly long _timeoutTicks;
    private readonly Task _timeoutLoop;
    private long _lastId;
    private int _settledUnreleased;
    private int _disposed;
    private string? _lastStream; // socket reader only: the stream name shared by consecutive acks

    private NatsJSPublisher(NatsJSContext js, int maxOutstanding, long sid, string inbox)
    {
        _js = js;
        MaxOutstanding = maxOutstanding;
        _window = new SemaphoreSlim(maxOutstanding, maxOutstanding);
        _pending = new Dictionary<long, PendingAck>(maxOutstanding);
        _timeoutTicks = (long)(js.Opts.RequestTimeout.TotalSeconds * Stopwatch.Frequency);
        _ackInbox = new AckInbox(this, sid, inbox);
        _timeoutLoop = ExpireAcksAsync();
    }

    /// <summary>Most acks outstanding at once.</summary>
    public int MaxOutstanding { get; }

    /// <summary>Acks outstanding now.</summary>
    public int Outstanding
    {
        get
        {
            lock (_pendingGate)
            {
                return _pending.Count;
            }
        }
    }

    internal static async ValueTask<NatsJSPublisher> CreateAsync(NatsJSContext js, int maxOutstanding, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOutstanding, 1);
        var inbox = js.Connection.NewInbox();
        NatsJSPublisher? publisher = null;
        try
        {
            await js.Connection.SubscribeInternalAsync(sid => (publisher = new NatsJSPublisher(js, maxOutstanding, sid, inbox))._ackInbox, ct)
                .ConfigureAwait(false);
        }
        catch when (publisher is not null)
        {
            await publisher._stopping.CancelAsync().ConfigureAwait(false);
            await publisher._timeoutLoop.ConfigureAwait(false);
            publisher._stopping.Dispose();
            throw;
        }

        return publisher!;
    }

    /// <summary>
    /// Sends a message once a window slot is free. The returned (outer) task completes when the
    /// message is handed to the connection; the inner task completes with the stream's ack or
    /// fails like <see cref="NatsJSContext.PublishAsync"/>.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Task<PubAckResponse>> PublishAsync(
        string subject,
        ReadOnlyMemory<byte> data,
        NatsJSPubOpts? opts = null,
        NatsHeaders? headers = null,
        CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _window.WaitAsync(ct).ConfigureAwait(false);

        var id = Interlocked.Increment(ref _lastId);
        var pending = new PendingAck(id, subject, Stopwatch.GetTimestamp() + _timeoutTicks);
        lock (_pendingGate)
        {
            _pending.Add(id, pending);
        }

        try
        {
            // The reply subject is written as prefix and number: no string per publish.
            await _js.Connection.PublishAsync(
                subject, data, NatsJSContext.WithPubHeaders(headers, opts), WireSubject.WithNumber(_ackInbox.ReplyPrefix, id), CommandWriter.Flush.Batch, ct)
                .ConfigureAwait(false);
        }
        catch
        {
            if (TryTake(id, out _))
            {
                _window.Release();
            }

            throw;
        }

        return pending.Task;
    }

    /// <summary>Waits (up to the request timeout) for outstanding acks, then drops the ack subscription.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Outstanding acks settle by themselves: they arrive or the timeout loop fails them.
        Task[] outstanding;
        lock (_pendingGate)
        {
            outstanding = [.. _pending.Values.Select(p => (Task)p.Task)];
        }

        await Task.WhenAll(outstanding).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _js.Connection.UnsubscribeAsync(_ackInbox).ConfigureAwait(false);
        await _timeoutLoop.ConfigureAwait(false);
        PendingAck[] left;
        lock (_pendingGate)
        {
            left = [.. _pending.Values];
            _pending.Clear();
        }

        foreach (var pending in left)
        {
            pending.TrySetException(new NatsJSException($"Publisher disposed before the ack for '{pending.Subject}' arrived."));
        }

        // The window is not disposed: an ack the socket reader took just now may still release a slot.
        _stopping.Dispose();
    }

    /// <summary>On the socket reader: settles the publish <paramref name="id"/>; its window slot is freed at the end of the read. Never throws.</summary>
    private void OnAck(long id, in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload)
    {
        if (!TryTake(id, out var pending))
        {
            return; // an ack that arrived after its timeout
        }

        try
        {
            Settle(pending, headers, payload);
        }
        catch (Exception ex)
        {
            pending.TrySetException(new NatsJSException($"Unreadable ack for publish to '{pending.Subject}'.", ex));
        }

        // The slot is given back at the end of the socket read (ReleaseSettled): a publisher waiting for
        // the window is then woken once per batch of acks instead of once per ack.
        Interlocked.Increment(ref _settledUnreleased);
    }

    /// <summary>On the socket reader, after a read that settled acks: their window slots are free again.</summary>
    private void ReleaseSettled()
    {
        var settled = Interlocked.Exchange(ref _settledUnreleased, 0);
        if (settled > 0)
        {
            _window.Release(settled);
        }
    }

    private bool TryTake(long id, [NotNullWhen(true)] out PendingAck? pending)
    {
        lock (_pendingGate)
        {
            return _pending.Remove(id, out pending);
        }
    }

    private void Settle(PendingAck pending, in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload)
    {
        if (!headers.IsEmpty && HeaderCodec.Parse(headers).Code == JSStatusCodes.NoResponders)
        {
            pending.TrySetException(new NatsJSNotAvailableException(
                pending.Subject, $"No stream listens on '{pending.Subject}' (or JetStream is not ready)."));
            return;
        }

        try
        {
            pending.TrySetResult(PubAckReader.Read(payload, pending.Subject, ref _lastStream));
        }
        catch (NatsJSException ex)
        {
            pending.TrySetException(ex);
        }
    }

    private async Task ExpireAcksAsync()
    {
        var period = TimeSpan.FromTicks(Math.Clamp(_js.Opts.RequestTimeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 50, TimeSpan.TicksPerSecond));
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                foreach (var pending in TakeExpired(Stopwatch.GetTimestamp()))
                {
                    JSLog.PubAckTimeout(_js.Logger, pending.Subject, _js.Opts.RequestTimeout);
                    pending.TrySetException(new NatsTimeoutException(pending.Subject, _js.Opts.RequestTimeout));
                    _window.Release();
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private List<PendingAck> TakeExpired(long now)
    {
        List<PendingAck>? expired = null;
        lock (_pendingGate)
        {
            foreach (var pending in _pending.Values)
            {
                if (pending.Deadline <= now)
                {
                    (expired ??= []).Add(pending);
                }
            }

            foreach (var pending in expired ?? [])
            {
                _pending.Remove(pending.Id);
            }
        }

        return expired ?? [];
    }

    private sealed class PendingAck(long id, string subject, long deadline)
        : TaskCompletionSource<PubAckResponse>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public long Id { get; } = id;

        public string Subject { get; } = subject;

        public long Deadline { get; } = deadline;
    }

    /// <summary>
    /// The publisher's wildcard reply inbox (<c>&lt;inbox&gt;.*</c>): the last token is the publish's
    /// number. Acks are handled where they arrive, on the socket reader: no message object, no
    /// subject string, no payload copy and no hand-off to another thread before the caller's task completes.
    /// </summary>
    private sealed class AckInbox : SubscriptionBase
    {
        private readonly NatsJSPublisher _publisher;
        private readonly int _prefixByteCount;

        public AckInbox(NatsJSPublisher publisher, long sid, string inbox)
            : base(publisher._js.Connection, sid, inbox + ".*", queueGroup: null)
        {
            _publisher = publisher;
            ReplyPrefix = inbox + ".";
            _prefixByteCount = Encoding.UTF8.GetByteCount(ReplyPrefix);
        }

        /// <summary>Reply subjects are this prefix plus the publish's number.</summary>
        public string ReplyPrefix { get; }

        public override void Deliver(ReadOnlySpan<byte> subject, ReadOnlySpan<byte> replyTo, in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload)
        {
            if (subject.Length > _prefixByteCount
                && long.TryParse(subject[_prefixByteCount..], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                _publisher.OnAck(id, headers, payload);
            }
        }

        public override bool WantsReadBatchEnd => true;

        public override void OnReadBatchEnd() => _publisher.ReleaseSettled();

        // Refused at subscribe time: CreateAsync throws. Later ends (dispose, connection closed) need
        // nothing here: acks that never come are failed by the timeout loop.
        public override void Fault(Exception error) => Error = error;

        public override void Complete()
        {
        }
    }
}
