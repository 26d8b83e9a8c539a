namespace Orders.Actors;

/// <summary>What an actor can see and do about itself while it handles a message.</summary>
public interface IActorContext
{
    IActorRef Self { get; }

    /// <summary>The sender of the message being handled; null when it was told without one.</summary>
    IActorRef? Sender { get; }

    ActorSystem System { get; }

    /// <summary>Timers that tell messages to this actor; cancelled on restart and stop.</summary>
    ITimerScheduler Timers { get; }

    /// <summary>Replies to <see cref="Sender"/> (completing an Ask); a dead letter when there is no sender.</summary>
    void Reply(object reply);

    /// <summary>Stops this actor once the current message is handled; queued messages become dead letters.</summary>
    void Stop();
}
