using Orders.Actors.Internal;

namespace Orders.Actors;

/// <summary>
/// Base class of every actor. The runtime calls <see cref="ReceiveAsync"/> with one message at a time and
/// does not hand over the next message until the returned task completes, so state needs no locks even
/// when the handler awaits I/O. Instances are created by the runtime (through DI), never with <c>new</c>.
/// </summary>
public abstract class Actor
{
    protected Actor()
    {
        Context = ActorCell.Constructing
            ?? throw new InvalidOperationException(
                "Actors are created by the ActorSystem (ActorOf or an entity region), not with 'new'.");
    }

    protected IActorContext Context { get; }

    protected IActorRef Self => Context.Self;

    protected IActorRef? Sender => Context.Sender;

    /// <summary>Handles one message. An exception (thrown or from the task) triggers supervision.</summary>
    protected internal abstract ValueTask ReceiveAsync(object message);

    /// <summary>Replies to the sender of the current message; completes the caller's Ask.</summary>
    protected void Reply(object reply) => Context.Reply(reply);

    /// <summary>Reports a message this actor does not handle as a dead letter.</summary>
    protected void Unhandled(object message) => ((ActorCell)Context).ReportUnhandled(message);

    /// <summary>Runs before the first message of every incarnation (at start and after each restart).</summary>
    protected internal virtual ValueTask PreStartAsync() => ValueTask.CompletedTask;

    /// <summary>Runs when the actor stops or is passivated; not on restart (see <see cref="PreRestartAsync"/>).</summary>
    protected internal virtual ValueTask PostStopAsync() => ValueTask.CompletedTask;

    /// <summary>Runs on the failed incarnation before it is replaced by a fresh one.</summary>
    /// <param name="reason">The exception that caused the restart.</param>
    /// <param name="message">The message being handled, or null when start-up failed.</param>
    protected internal virtual ValueTask PreRestartAsync(Exception reason, object? message) => ValueTask.CompletedTask;
}
