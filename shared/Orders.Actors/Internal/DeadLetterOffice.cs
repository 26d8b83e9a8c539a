namespace Orders.Actors.Internal;

/// <summary>
/// Where undeliverable messages are reported: logged, counted, handed to subscribers, and, when the
/// sender is an Ask, turned into an immediate failure of that Ask instead of a timeout.
/// </summary>
internal sealed class DeadLetterOffice(ActorSystem system)
{
    private readonly Lock _gate = new();
    private Action<DeadLetter>[] _subscribers = [];

    public void Publish(object message, IActorRef? sender, string recipient, string reason)
    {
        var deadLetter = new DeadLetter(message, sender, recipient, reason);
        system.Metrics.RecordDeadLetter();
        Log.DeadLetter(system.Logger, message.GetType().Name, recipient, sender?.Path, reason);
        (sender as IAskPromise)?.Fail(new UndeliveredMessageException(deadLetter));

        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            try
            {
                subscriber(deadLetter);
            }
            catch (Exception exception)
            {
                Log.DeadLetterSubscriberFailed(system.Logger, exception);
            }
        }
    }

    public IDisposable Subscribe(Action<DeadLetter> subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscriber];
        }

        return new Subscription(this, subscriber);
    }

    private void Unsubscribe(Action<DeadLetter> subscriber)
    {
        lock (_gate)
        {
            _subscribers = Array.FindAll(_subscribers, s => s != subscriber);
        }
    }

    private sealed class Subscription(DeadLetterOffice office, Action<DeadLetter> subscriber) : IDisposable
    {
        public void Dispose() => office.Unsubscribe(subscriber);
    }
}
