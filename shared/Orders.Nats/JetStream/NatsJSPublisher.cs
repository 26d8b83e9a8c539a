using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
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
    private readonly ConcurrentDictionary<long, PendingAck> _pending = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly long _timeoutTicks;
    private readonly Task _ackLoop;
    private readonly Task _timeoutLoop;
    private long _lastId;
    private int _disposed;

    private NatsJSPublisher(NatsJSContext js, INatsSub ackSub, string replyPrefix, int maxOutstanding)
    {
        _js = js;
        _ackSub = ackSub;
        _replyPrefix = replyPrefix;
        MaxOutstanding = maxOutstanding;
        _window = new SemaphoreSlim(maxOutstanding, maxOutstanding);
        _timeoutTicks = (long)(js.Opts.RequestTimeout.TotalSeconds * Stopwatch.Frequency);
        _ackLoop = ReceiveAcksAsync();
        _timeoutLoop = ExpireAcksAsync();
    }

    /// <summary>Most acks outstanding at once.</summary>
    public int MaxOutstanding { get; }

    /// <summary>Acks outstanding now.</summary>
    public int Outstanding => _pending.Count;

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
        var pending = new PendingAck(subject, Stopwatch.GetTimestamp() + _timeoutTicks);
        _pending[id] = pending;
        try
        {
            var replyTo = _replyPrefix + id.ToString(CultureInfo.InvariantCulture);
            await _js.Connection.PublishAsync(subject, data, NatsJSContext.WithPubHeaders(headers, opts), replyTo, ct).ConfigureAwait(false);
        }
        catch
        {
            if (_pending.TryRemove(id, out _))
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
        Task[] outstanding = [.. _pending.Values.Select(p => (Task)p.Task)];
        await Task.WhenAll(outstanding).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _ackSub.DisposeAsync().ConfigureAwait(false);
        await Task.WhenAll(_ackLoop, _timeoutLoop).ConfigureAwait(false);
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var pending))
            {
                pending.TrySetException(new NatsJSException($"Publisher disposed before the ack for '{pending.Subject}' arrived."));
            }
        }

        _stopping.Dispose();
        _window.Dispose();
    }

    private async Task ReceiveAcksAsync()
    {
        await Task.Yield();
        try
        {
            await foreach (var msg in _ackSub.Msgs.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
            {
                var token = msg.Subject.AsSpan(msg.Subject.LastIndexOf('.') + 1);
                if (!long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || !_pending.TryRemove(id, out var pending))
                {
                    continue; // an ack that arrived after its timeout
                }

                Settle(pending, msg);
                _window.Release();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private static void Settle(PendingAck pending, NatsMsg msg)
    {
        if (msg.Headers?.Code == JSStatusCodes.NoResponders)
        {
            pending.TrySetException(new NatsJSNotAvailableException(
                pending.Subject, $"No stream listens on '{pending.Subject}' (or JetStream is not ready)."));
            return;
        }

        try
        {
            pending.TrySetResult(NatsJSContext.ParsePubAck(msg.Data.Span, pending.Subject));
        }
        catch (NatsJSException ex)
        {
            pending.TrySetException(ex);
        }
        catch (System.Text.Json.JsonException ex)
        {
            pending.TrySetException(new NatsJSException($"Unreadable ack for '{pending.Subject}'.", ex));
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
                var now = Stopwatch.GetTimestamp();
                foreach (var (id, pending) in _pending)
                {
                    if (pending.Deadline <= now && _pending.TryRemove(id, out _))
                    {
                        JSLog.PubAckTimeout(_js.Logger, pending.Subject, _js.Opts.RequestTimeout);
                        pending.TrySetException(new NatsTimeoutException(pending.Subject, _js.Opts.RequestTimeout));
                        _window.Release();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private sealed class PendingAck(string subject, long deadline)
        : TaskCompletionSource<PubAckResponse>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public string Subject { get; } = subject;

        public long Deadline { get; } = deadline;
    }
}
