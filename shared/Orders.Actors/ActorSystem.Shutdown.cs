using Orders.Actors.Internal;

namespace Orders.Actors;

/// <summary>
/// Graceful shutdown: stop taking new messages, let mailboxes drain (up to
/// <see cref="ActorSystemOptions.ShutdownDrainTimeout"/>), then stop every actor. Two counters make the
/// waits event-driven rather than polled: actors with pending messages, and actors alive.
/// </summary>
public sealed partial class ActorSystem
{
    private readonly Lock _shutdownGate = new();
    private Task? _shutdown;
    private volatile bool _shuttingDown;
    private int _busyCells;
    private int _liveCells;
    private TaskCompletionSource? _drained;
    private TaskCompletionSource? _allStopped;

    /// <summary>True once <see cref="ShutdownAsync"/> began: regions refuse messages, timers stop firing.</summary>
    public bool IsShuttingDown => _shuttingDown;

    /// <summary>
    /// Refuses new region messages and actor creation (as dead letters; a refused Ask fails at once),
    /// waits for mailboxes to drain up to the drain timeout, then stops all actors (their post-stop
    /// hooks run; anything still queued becomes a dead letter). Cancelling <paramref name="cancellationToken"/>
    /// cuts the drain short and stops waiting for actors to stop. Idempotent.
    /// </summary>
    public Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        lock (_shutdownGate)
        {
            return _shutdown ??= ShutdownCoreAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync() => await ShutdownAsync().ConfigureAwait(false);

    private async Task ShutdownCoreAsync(CancellationToken cancellationToken)
    {
        _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _allStopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _shuttingDown = true;
        Interlocked.MemoryBarrier();
        Log.ShutdownStarted(Logger, Name, Volatile.Read(ref _busyCells), Options.ShutdownDrainTimeout);
        foreach (var region in _regions.Values)
        {
            region.Close();
        }

        if (Volatile.Read(ref _busyCells) == 0)
        {
            _drained.TrySetResult();
        }

        if (!await CompletesWithinAsync(_drained.Task, Options.ShutdownDrainTimeout, cancellationToken).ConfigureAwait(false))
        {
            Log.DrainIncomplete(Logger, Name, Volatile.Read(ref _busyCells));
        }

        foreach (var cell in _actors.Values)
        {
            cell.Stop("the actor system shut down");
        }

        foreach (var region in _regions.Values)
        {
            region.StopAll();
        }

        if (Volatile.Read(ref _liveCells) == 0)
        {
            _allStopped.TrySetResult();
        }

        if (await CompletesWithinAsync(_allStopped.Task, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false))
        {
            Log.ShutdownCompleted(Logger, Name);
        }
        else
        {
            Log.ShutdownCancelled(Logger, Name, Volatile.Read(ref _liveCells));
        }

        Metrics.Dispose();
    }

    private async Task<bool> CompletesWithinAsync(Task task, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(timeout, Options.TimeProvider, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            return false;
        }
    }

    internal void OnCellBusy() => Interlocked.Increment(ref _busyCells);

    internal void OnCellIdle()
    {
        if (Interlocked.Decrement(ref _busyCells) == 0 && _shuttingDown)
        {
            _drained?.TrySetResult();
        }
    }

    internal void OnCellStarted() => Interlocked.Increment(ref _liveCells);

    internal void OnCellTerminated(ActorCell cell)
    {
        OnCellStopped(cell);
        if (Interlocked.Decrement(ref _liveCells) == 0 && _shuttingDown)
        {
            _allStopped?.TrySetResult();
        }
    }
}
