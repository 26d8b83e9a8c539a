using System.Threading.Tasks.Sources;

namespace Orders.Nats.Internal;

/// <summary>
/// Wakes the send loop: an auto-reset event for exactly one waiter that allocates nothing per wait
/// (a <c>SemaphoreSlim.WaitAsync</c> that has to wait allocates a task each time).
/// </summary>
internal sealed class SendSignal : IValueTaskSource
{
    private const int Idle = 0;
    private const int Set = 1;
    private const int Waiting = 2;

    // Continuations run on the thread pool: Set is called by publishers, who must not run the loop.
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private int _state;
    private volatile bool _cancelled;

    /// <summary>Wakes the waiter, or lets the next <see cref="WaitAsync"/> return at once.</summary>
    public void Release()
    {
        while (true)
        {
            switch (Volatile.Read(ref _state))
            {
                case Set:
                    return;
                case Idle when Interlocked.CompareExchange(ref _state, Set, Idle) == Idle:
                    return;
                case Waiting when Interlocked.CompareExchange(ref _state, Idle, Waiting) == Waiting:
                    _core.SetResult(true);
                    return;
            }
        }
    }

    /// <summary>Ends every current and future wait with <see cref="OperationCanceledException"/>.</summary>
    public void Cancel()
    {
        _cancelled = true;
        Release();
    }

    /// <summary>Completes when released (consuming the release). Only one caller may wait at a time.</summary>
    public ValueTask WaitAsync()
    {
        if (_cancelled)
        {
            throw new OperationCanceledException();
        }

        if (Interlocked.CompareExchange(ref _state, Idle, Set) == Set)
        {
            return default;
        }

        _core.Reset();
        if (Interlocked.CompareExchange(ref _state, Waiting, Idle) != Idle)
        {
            // Released between the two exchanges: consume it.
            Volatile.Write(ref _state, Idle);
            return default;
        }

        return new ValueTask(this, _core.Version);
    }

    void IValueTaskSource.GetResult(short token)
    {
        _core.GetResult(token);
        if (_cancelled)
        {
            throw new OperationCanceledException();
        }
    }

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
