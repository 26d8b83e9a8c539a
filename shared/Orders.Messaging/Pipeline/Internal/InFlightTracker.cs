namespace Orders.Messaging.Pipeline.Internal;

/// <summary>
/// Bounds the messages being handled at once and lets a stopping consumer wait until all of them
/// are settled. Waiting is event-driven: the last one to finish completes the idle signal.
/// Not disposable on purpose: a message still settling after its consumer was disposed (shutdown
/// cut short) must be able to give its slot back.
/// </summary>
internal sealed class InFlightTracker(int capacity)
{
    private readonly SemaphoreSlim _slots = new(capacity, capacity);
    private readonly Lock _gate = new();
    private int _count;
    private TaskCompletionSource? _idle;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Waits for a free slot and takes it.</summary>
    public async ValueTask EnterAsync(CancellationToken ct)
    {
        await _slots.WaitAsync(ct).ConfigureAwait(false);
        lock (_gate)
        {
            _count++;
        }
    }

    /// <summary>Gives a slot back.</summary>
    public void Exit()
    {
        TaskCompletionSource? idle = null;
        lock (_gate)
        {
            if (--_count == 0)
            {
                idle = _idle;
                _idle = null;
            }
        }

        _slots.Release();
        idle?.TrySetResult();
    }

    /// <summary>Completes when nothing is in flight (at once when nothing is).</summary>
    public Task WaitIdleAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            if (_count == 0)
            {
                return Task.CompletedTask;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task.WaitAsync(ct);
        }
    }
}
