using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using Orders.Nats.JetStream.Internal;

namespace Orders.Nats.JetStream;

/// <summary>
/// Pipelined JetStream publishing: publishes go out without waiting for the previous ack, and
/// at most <see cref="MaxOutstanding"/> acks are outstanding at a time (the next
/// <see cref="PublishAsync"/> waits for a free slot: back-pressure instead of an unbounded queue).
/// All acks come back on one wildcard inbox subscription and are matched by a token in the reply
/// subject. Acks that do not arrive within the request timeout fail with
/// <see cref="NatsTimeoutException"/>. Publishes from one caller are stored in the order sent.
/// </summary>
public sealed class NatsJSPublisher : IAsyncDisposable
{
    /// <summary>Default ack window.</summary>
    public const int DefaultMaxOutstanding = 256;

    private readonly NatsJSContext _js;
    private readonly INatsSub _ackSub;
    private readonly string _replyPrefix;
    private readonly SemaphoreSlim _window;
    // Guarded by _pendingGate. A plain dictionary under a lock reuses its entry array: no node allocated per publish.
    private readonly Dictionary<long, PendingAck> _pending;
    private readonly Lock _pendingGate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly long _timeoutTicks;
    private readonly Task _ackLoop;
    private readonly Task _timeoutLoop;
    private long _lastId;
    private int _disposed;
    private string? _lastStream; // ack loop only: the stream name shared by consecutive acks

    private NatsJSPublisher(NatsJSContext js, INatsSub ackSub, string replyPrefix, int maxOutstanding)
    {
        _js = js;
        _ackSub = ackSub;
        _replyPrefix = replyPrefix;
        MaxOutstanding = maxOutstanding;
        _window = new SemaphoreSlim(maxOutstanding, maxOutstanding);
        _pending = new Dictionary<long, PendingAck>(maxOutstanding);
        _timeoutTicks = (long)(js.Opts.RequestTimeout.TotalSeconds * Stopwatch.Frequency);
        _ackLoop = ReceiveAcksAsync();
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
        var sub = await js.Connection.SubscribeCoreAsync(inbox + ".*", queueGroup: null, ct).ConfigureAwait(false);
        return new NatsJSPublisher(js, sub, inbox + ".", maxOutstanding);
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
            var replyTo = string.Create(CultureInfo.InvariantCulture, $"{_replyPrefix}{id}");
            await _js.Connection.PublishAsync(subject, data, NatsJSContext.WithPubHeaders(headers, opts), replyTo, ct).ConfigureAwait(false);
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

        // Unsubscribing completes the ack channel, which ends the ack loop.
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _ackSub.DisposeAsync().ConfigureAwait(false);
        await Task.WhenAll(_ackLoop, _timeoutLoop).ConfigureAwait(false);
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

        _stopping.Dispose();
        _window.Dispose();
    }

    private async Task ReceiveAcksAsync()
    {
        await Task.Yield();

        // Waits without a token (a cancellable wait allocates per wait): it ends when disposal unsubscribes.
        var acks = _ackSub.Msgs;
        while (await acks.WaitToReadAsync().ConfigureAwait(false))
        {
            // Slots are given back once per batch of buffered acks: a publisher waiting for the
            // window is woken once per batch instead of once per ack.
            var settled = 0;
            while (acks.TryRead(out var msg))
            {
                var token = msg.Subject.AsSpan(msg.Subject.LastIndexOf('.') + 1);
                if (long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && TryTake(id, out var pending))
                {
                    Settle(pending, msg);
                    settled++;
                }

                // Otherwise an ack that arrived after its timeout.
            }

            if (settled > 0)
            {
                _window.Release(settled);
            }
        }
    }

    private bool TryTake(long id, [NotNullWhen(true)] out PendingAck? pending)
    {
        lock (_pendingGate)
        {
            return _pending.Remove(id, out pending);
        }
    }

    private void Settle(PendingAck pending, NatsMsg msg)
    {
        if (msg.Headers?.Code == JSStatusCodes.NoResponders)
        {
            pending.TrySetException(new NatsJSNotAvailableException(
                pending.Subject, $"No stream listens on '{pending.Subject}' (or JetStream is not ready)."));
            return;
        }

        try
        {
            pending.TrySetResult(PubAckReader.Read(msg.Data.Span, pending.Subject, ref _lastStream));
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
}
