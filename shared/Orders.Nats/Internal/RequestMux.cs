using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Orders.Nats.Internal;

/// <summary>
/// All requests share one wildcard inbox subscription (<c>_INBOX.&lt;nuid&gt;.*</c>); the last token
/// of the reply subject says which request a reply belongs to. One SUB per connection instead of one per request.
/// Timeouts are enforced by one periodic sweep over the waiting requests (running only while some wait),
/// not by a timer per request; a request therefore times out up to <see cref="SweepPeriod"/> late.
/// </summary>
internal sealed class RequestMux : SubscriptionBase
{
    public static readonly TimeSpan SweepPeriod = TimeSpan.FromMilliseconds(25);

    private const int MaxPooled = 256;

    private readonly ConcurrentDictionary<long, PendingRequest> _pending = new();
    private readonly ConcurrentQueue<PendingRequest> _pool = new();
    private readonly Lock _idleGate = new();
    private readonly Timer _sweep;
    private readonly string _prefix;
    private readonly int _prefixByteCount;
    private TaskCompletionSource? _idle;
    private long _nextId;
    private int _sweeping;

    public RequestMux(NatsConnection connection, long sid, string inboxBase)
        : base(connection, sid, inboxBase + ".*", queueGroup: null)
    {
        _prefix = inboxBase + ".";
        _prefixByteCount = Encoding.UTF8.GetByteCount(_prefix);
        _sweep = new Timer(static mux => ((RequestMux)mux!).SweepExpired(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>A request waiting for its reply until <paramref name="timeout"/> or <paramref name="ct"/>; await its <see cref="PendingRequest.Reply"/> once.</summary>
    public PendingRequest Register(string subject, TimeSpan timeout, CancellationToken ct)
    {
        var id = Interlocked.Increment(ref _nextId);
        if (!_pool.TryDequeue(out var request))
        {
            request = new PendingRequest(this);
        }

        request.Start(id, subject, string.Create(CultureInfo.InvariantCulture, $"{_prefix}{id}"), timeout, Stopwatch.GetTimestamp());
        _pending[id] = request;
        request.WatchCancellation(ct);
        if (Interlocked.Exchange(ref _sweeping, 1) == 0)
        {
            _sweep.Change(SweepPeriod, SweepPeriod);
        }

        return request;
    }

    /// <summary>The request was never sent (its publish failed): forget it without an outcome.</summary>
    public void Abandon(PendingRequest request)
    {
        // Not taken: someone completes it right now; it is left to the garbage collector, not reused.
        if (TryTake(request))
        {
            request.Recycle();
        }
    }

    /// <summary>Removes <paramref name="request"/> from the table; true for the one caller that may complete it.</summary>
    public bool TryTake(PendingRequest request) => TryTake(new KeyValuePair<long, PendingRequest>(request.Id, request));

    public void Return(PendingRequest request)
    {
        if (_pool.Count < MaxPooled)
        {
            _pool.Enqueue(request);
        }
    }

    /// <summary>Completes once no request is waiting for a reply (each one ends by reply, error or its timeout).</summary>
    public Task WhenIdleAsync()
    {
        lock (_idleGate)
        {
            if (_pending.IsEmpty)
            {
                return Task.CompletedTask;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }

    public override void Deliver(ReadOnlySpan<byte> subject, ReadOnlySpan<byte> replyTo, in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload)
    {
        if (subject.Length <= _prefixByteCount || !TryParseId(subject[_prefixByteCount..], out var id))
        {
            return;
        }

        if (_pending.TryRemove(id, out var request))
        {
            // The reply subject is the request's own ReplyTo: no need to decode it again.
            request.Complete(CreateMsg(request.ReplyTo, replyTo, headers, payload));
            SignalIfIdle();
        }
    }

    /// <summary>The server refused a publish to <paramref name="subject"/>: requests to it will never get an answer.</summary>
    public void FailRequestsTo(string subject, Exception error)
    {
        foreach (var entry in _pending)
        {
            if (string.Equals(entry.Value.Subject, subject, StringComparison.Ordinal) && TryTake(entry))
            {
                entry.Value.Fail(error);
            }
        }
    }

    public override void Fault(Exception error)
    {
        Error = error;
        FailAll(error);
    }

    public override void Complete() => FailAll(new NatsConnectionClosedException("The connection was closed before the reply arrived."));

    private bool TryTake(KeyValuePair<long, PendingRequest> entry)
    {
        if (!_pending.TryRemove(entry))
        {
            return false;
        }

        SignalIfIdle();
        return true;
    }

    private void SweepExpired()
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var entry in _pending)
        {
            // A stale entry (already answered, object reused) fails TryTake: its key is gone.
            if (entry.Value.Deadline <= now && TryTake(entry))
            {
                entry.Value.Fail(new NatsTimeoutException(entry.Value.Subject, entry.Value.Timeout));
            }
        }

        if (!_pending.IsEmpty)
        {
            return;
        }

        // Idle: stop ticking. Stop before clearing the flag, so a Register that restarts it always wins.
        _sweep.Change(Timeout.Infinite, Timeout.Infinite);
        Volatile.Write(ref _sweeping, 0);
        if (!_pending.IsEmpty && Interlocked.Exchange(ref _sweeping, 1) == 0)
        {
            _sweep.Change(SweepPeriod, SweepPeriod);
        }
    }

    private void FailAll(Exception error)
    {
        foreach (var entry in _pending)
        {
            if (TryTake(entry))
            {
                entry.Value.Fail(error);
            }
        }

        SignalIfIdle();
    }

    private void SignalIfIdle()
    {
        TaskCompletionSource? idle = null;
        lock (_idleGate)
        {
            if (_pending.IsEmpty && _idle is not null)
            {
                idle = _idle;
                _idle = null;
            }
        }

        idle?.TrySetResult();
    }

    private static bool TryParseId(ReadOnlySpan<byte> token, out long id)
    {
        id = 0;
        if (token.IsEmpty || token.Length > 18)
        {
            return false;
        }

        foreach (var b in token)
        {
            var digit = b - (byte)'0';
            if ((uint)digit > 9)
            {
                return false;
            }

            id = (id * 10) + digit;
        }

        return true;
    }
}
