using System.Diagnostics;
using System.Threading.Tasks.Sources;

namespace Orders.Nats.Internal;

/// <summary>
/// A request waiting for its reply on <see cref="ReplyTo"/>. Reused: the <see cref="RequestMux"/> rents
/// one per request and takes it back when the requester has read the outcome, so a request allocates
/// no task, no completion source and no timer. Exactly one party completes it: whoever removes it from
/// the mux's table (the reply, the timeout sweep, cancellation, a permission error, the connection closing).
/// </summary>
internal sealed class PendingRequest : IValueTaskSource<NatsMsg>
{
    // The reply is completed on the socket reader, which must never run the requester's code.
    private ManualResetValueTaskSourceCore<NatsMsg> _core = new() { RunContinuationsAsynchronously = true };
    private readonly RequestMux _mux;
    private CancellationTokenRegistration _cancellation;
    private CancellationToken _ct;

    public PendingRequest(RequestMux mux) => _mux = mux;

    public long Id { get; private set; }

    public string Subject { get; private set; } = "";

    public string ReplyTo { get; private set; } = "";

    public TimeSpan Timeout { get; private set; }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> after which the sweep fails the request.</summary>
    public long Deadline { get; private set; }

    /// <summary>The outcome; await it exactly once (that returns this object to the pool).</summary>
    public ValueTask<NatsMsg> Reply => new(this, _core.Version);

    public void Start(long id, string subject, string replyTo, TimeSpan timeout, long now)
    {
        Id = id;
        Subject = subject;
        ReplyTo = replyTo;
        Timeout = timeout;
        Deadline = timeout == System.Threading.Timeout.InfiniteTimeSpan ? long.MaxValue : now + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>Call after the request is in the mux's table, so a cancellation finds it there.</summary>
    public void WatchCancellation(CancellationToken ct)
    {
        if (ct.CanBeCanceled)
        {
            _ct = ct;
            _cancellation = ct.UnsafeRegister(static state => ((PendingRequest)state!).OnCancelled(), this);
        }
    }

    public void Complete(NatsMsg reply) => _core.SetResult(reply);

    public void Fail(Exception error) => _core.SetException(error);

    /// <summary>Back to the pool without being awaited (the publish failed).</summary>
    public void Recycle()
    {
        _cancellation.Dispose();
        _cancellation = default;
        _ct = default;
        Subject = ReplyTo = "";
        _core.Reset();
        _mux.Return(this);
    }

    NatsMsg IValueTaskSource<NatsMsg>.GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            Recycle();
        }
    }

    ValueTaskSourceStatus IValueTaskSource<NatsMsg>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<NatsMsg>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    private void OnCancelled()
    {
        if (_mux.TryTake(this))
        {
            Fail(new OperationCanceledException(_ct));
        }
    }
}
