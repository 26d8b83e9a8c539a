namespace Orders.Actors.Internal;

/// <summary>What happens when a handler or a lifecycle hook throws.</summary>
internal sealed partial class ActorCell
{
    /// <summary>
    /// Tells the failing message's Ask sender, logs, then either stops the actor (too many recent
    /// failures) or ends the incarnation and creates a fresh one after the back-off. Messages that
    /// arrive meanwhile wait in the mailbox for the new incarnation.
    /// </summary>
    private async ValueTask OnFailureAsync(Exception exception, object? message, IActorRef? sender)
    {
        (sender as IAskPromise)?.Fail(exception);
        _system.Metrics.RecordFailure();

        var supervision = Supervision;
        var clock = _system.Options.TimeProvider;
        var now = clock.GetTimestamp();
        var failures = Extras.FailureTimestamps ??= new Queue<long>();
        failures.Enqueue(now);
        while (failures.Count > 0 && clock.GetElapsedTime(failures.Peek(), now) > supervision.FailureWindow)
        {
            failures.Dequeue();
        }

        var messageType = message?.GetType().Name ?? "(start-up)";
        if (failures.Count >= supervision.MaxFailures)
        {
            Log.ActorStoppingAfterFailures(_system.Logger, exception, Path, messageType, failures.Count, supervision.FailureWindow);
            await TerminateAsync($"stopped after {failures.Count} failures").ConfigureAwait(false);
            return;
        }

        var backoff = supervision.BackoffFor(failures.Count) * (1 + (Random.Shared.NextDouble() * supervision.RandomFactor));
        Log.ActorRestarting(_system.Logger, exception, Path, messageType, failures.Count, supervision.MaxFailures, backoff);

        Interlocked.Or(ref _status, StatusSuspended);
        _system.OnCellBusy(); // messages wait out the back-off: a draining shutdown waits for them too
        await EndIncarnationAsync(exception, message).ConfigureAwait(false);

        Extras.BackoffTimer?.Dispose();
        Extras.BackoffTimer = clock.CreateTimer(
            static state => ((ActorCell)state!).PostSystem(new SystemMessage(SystemMessageKind.Recreate)),
            this,
            backoff,
            Timeout.InfiniteTimeSpan);
    }
}
