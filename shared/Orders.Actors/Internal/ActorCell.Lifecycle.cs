namespace Orders.Actors.Internal;

/// <summary>Creating incarnations, stopping, and passivation.</summary>
internal sealed partial class ActorCell
{
    private const int StatusSuspended = 1;           // waiting out a restart back-off
    private const int StatusTerminated = 2;          // stopped for good: everything else is a dead letter
    private const int StatusPassivationRequested = 4;

    private int _status;

    public bool IsTerminated => (Volatile.Read(ref _status) & StatusTerminated) != 0;

    private bool IsSuspended => (Volatile.Read(ref _status) & StatusSuspended) != 0;

    /// <summary>Completes once the actor has stopped and its post-stop hook has run.</summary>
    public Task TerminationTask
    {
        get
        {
            var extras = Extras;
            var signal = Volatile.Read(ref extras.Terminated);
            if (signal is null)
            {
                var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                signal = Interlocked.CompareExchange(ref extras.Terminated, fresh, null) ?? fresh;
            }

            if (Volatile.Read(ref _terminationComplete) != 0)
            {
                signal.TrySetResult(); // terminated before anyone asked
            }

            return signal.Task;
        }
    }

    private int _terminationComplete;

    /// <summary>Registers the cell with the system and queues the creation of its first incarnation.</summary>
    /// <param name="predecessor">For entities: the previous incarnation's stop, which must finish first.</param>
    public void Start(Task? predecessor = null)
    {
        _system.OnCellStarted();
        PostSystem(new SystemMessage(SystemMessageKind.Create, predecessor: predecessor));
    }

    /// <summary>Stops the actor after its current message; queued messages become dead letters.</summary>
    public void Stop(string reason) => PostSystem(new SystemMessage(SystemMessageKind.Stop, reason));

    public void RequestPassivation()
    {
        if (_region is null || (Interlocked.Or(ref _status, StatusPassivationRequested) & (StatusPassivationRequested | StatusTerminated)) != 0)
        {
            return;
        }

        _region.OnPassivationRequested();
        PostSystem(new SystemMessage(SystemMessageKind.Passivate));
    }

    public bool IsPassivationRequested => (Volatile.Read(ref _status) & StatusPassivationRequested) != 0;

    private async ValueTask CreateAsync(Task? predecessor)
    {
        if (predecessor is not null)
        {
            await predecessor.ConfigureAwait(false);
        }

        if (!IsTerminated)
        {
            await StartIncarnationAsync().ConfigureAwait(false);
        }
    }

    private ValueTask RecreateAsync()
    {
        if (IsTerminated)
        {
            return ValueTask.CompletedTask;
        }

        ResumeFromBackoff();
        return StartIncarnationAsync();
    }

    private async ValueTask StartIncarnationAsync()
    {
        Incarnation incarnation;
        try
        {
            t_constructing = this;
            incarnation = _props.Create();
        }
        catch (Exception exception)
        {
            await OnFailureAsync(exception, message: null, sender: null).ConfigureAwait(false);
            return;
        }
        finally
        {
            t_constructing = null;
        }

        _actor = incarnation.Actor;
        _scope = incarnation.Scope;
        try
        {
            await _actor.PreStartAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            await OnFailureAsync(exception, message: null, sender: null).ConfigureAwait(false);
        }
    }

    /// <summary>Ends the current incarnation: cancels its timers, runs the hook, disposes its DI scope.</summary>
    private async ValueTask EndIncarnationAsync(Exception? restartReason, object? failedMessage)
    {
        var actor = _actor;
        if (actor is null)
        {
            return;
        }

        _extras?.Timers?.CancelAll();
        try
        {
            if (restartReason is null)
            {
                await actor.PostStopAsync().ConfigureAwait(false);
            }
            else
            {
                await actor.PreRestartAsync(restartReason, failedMessage).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            Log.LifecycleHookFailed(_system.Logger, exception, Path, restartReason is null ? "PostStop" : "PreRestart");
        }

        _actor = null;
        var scope = _scope;
        _scope = null;
        if (scope is not null)
        {
            try
            {
                if (scope is IAsyncDisposable asyncScope)
                {
                    await asyncScope.DisposeAsync().ConfigureAwait(false);
                }
                else
                {
                    scope.Dispose();
                }
            }
            catch (Exception exception)
            {
                Log.LifecycleHookFailed(_system.Logger, exception, Path, "DisposeScope");
            }
        }
    }

    private async ValueTask PassivateAsync()
    {
        if (Interlocked.And(ref _status, ~StatusPassivationRequested) is var status && (status & StatusPassivationRequested) != 0)
        {
            _region!.OnPassivationHandled();
        }

        if (_region is null || IsTerminated)
        {
            return;
        }

        // Close only when no producer is mid-post; then an empty queue is final.
        if (Interlocked.CompareExchange(ref _gate, GateClosed, 0) != 0)
        {
            return;
        }

        if (!_queue.IsEmpty)
        {
            Interlocked.And(ref _gate, ~GateClosed); // work arrived: stay alive
            return;
        }

        _region.OnEntityPassivated();
        await TerminateAsync("passivated").ConfigureAwait(false);
    }

    private async ValueTask TerminateAsync(string reason)
    {
        if (IsTerminated)
        {
            return;
        }

        if (_region is not null)
        {
            CloseGate();
        }

        Interlocked.Or(ref _status, StatusTerminated);
        ResumeFromBackoff();
        _region?.OnEntityStopping(this);
        await EndIncarnationAsync(restartReason: null, failedMessage: null).ConfigureAwait(false);
        _extras?.BackoffTimer?.Dispose();
        DrainToDeadLetters(reason);
        _system.OnCellTerminated(this);
        _region?.OnEntityStopped(this);

        // Full fence between setting the flag and reading the signal pairs with TerminationTask's
        // publish-then-check, so a waiter that arrives during termination is never missed.
        Interlocked.Exchange(ref _terminationComplete, 1);
        Volatile.Read(ref _extras)?.Terminated?.TrySetResult();
    }

    private void ResumeFromBackoff()
    {
        if ((Interlocked.And(ref _status, ~StatusSuspended) & StatusSuspended) != 0)
        {
            _system.OnCellIdle();
        }
    }

    /// <summary>Shuts the entity gate and waits out producers that are mid-post (a few instructions each).</summary>
    private void CloseGate()
    {
        Interlocked.Or(ref _gate, GateClosed);
        var spin = new SpinWait();
        while ((Volatile.Read(ref _gate) & ~GateClosed) != 0)
        {
            spin.SpinOnce();
        }
    }
}
