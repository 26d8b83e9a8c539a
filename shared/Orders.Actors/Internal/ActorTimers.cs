namespace Orders.Actors.Internal;

/// <summary>A timer's message as queued; stale ones (timer cancelled or replaced since) are dropped on receipt.</summary>
internal sealed class TimerMessage(ActorTimers owner, object key, long generation, object message)
{
    public ActorTimers Owner { get; } = owner;

    public object Key { get; } = key;

    public long Generation { get; } = generation;

    public object Message { get; } = message;
}

/// <summary>
/// Timers of one actor. Only the actor itself starts and cancels them (one message at a time, so no
/// locks); the timer callbacks only post. A generation per start tells a live timer's message from a
/// stale one that was already in the mailbox when the timer was cancelled.
/// </summary>
internal sealed class ActorTimers(ActorCell cell) : ITimerScheduler
{
    private readonly Dictionary<object, Entry> _timers = [];
    private long _generation;

    public void StartSingleTimer(object key, object message, TimeSpan delay) => Start(key, message, delay, periodic: false);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) => Start(key, message, interval, periodic: true);

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var entry))
        {
            entry.Timer.Dispose();
        }
    }

    public void CancelAll()
    {
        foreach (var entry in _timers.Values)
        {
            entry.Timer.Dispose();
        }

        _timers.Clear();
    }

    /// <summary>True when the message comes from a live timer; a single timer is then done.</summary>
    public bool Accept(TimerMessage message)
    {
        if (!ReferenceEquals(message.Owner, this)
            || !_timers.TryGetValue(message.Key, out var entry)
            || entry.Message.Generation != message.Generation)
        {
            return false;
        }

        if (!entry.Periodic)
        {
            _timers.Remove(message.Key);
            entry.Timer.Dispose();
        }

        return true;
    }

    private void Start(object key, object message, TimeSpan delay, bool periodic)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        Cancel(key);
        var timerMessage = new TimerMessage(this, key, ++_generation, message);
        var timer = cell.System.Options.TimeProvider.CreateTimer(
            static state => ((TimerMessage)state!).Owner.Fire((TimerMessage)state!),
            timerMessage,
            delay,
            periodic ? delay : Timeout.InfiniteTimeSpan);
        _timers[key] = new Entry(timer, timerMessage, periodic);
    }

    private void Fire(TimerMessage message) => cell.PostFromTimer(message);

    private readonly record struct Entry(ITimer Timer, TimerMessage Message, bool Periodic);
}
