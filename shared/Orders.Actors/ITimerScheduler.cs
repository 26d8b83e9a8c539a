namespace Orders.Actors;

/// <summary>
/// Timers that tell a message to the owning actor. Starting a timer with a key that is already in use
/// replaces it, and a message from a cancelled or replaced timer is never delivered, even if it was
/// already queued. All timers are cancelled when the actor restarts or stops.
/// </summary>
public interface ITimerScheduler
{
    void StartSingleTimer(object key, object message, TimeSpan delay);

    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    bool IsTimerActive(object key);

    void Cancel(object key);

    void CancelAll();
}
