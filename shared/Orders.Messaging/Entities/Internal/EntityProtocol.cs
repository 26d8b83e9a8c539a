using Akka.Actor;

namespace Orders.Messaging.Entities.Internal;

/// <summary>
/// From a parent to its child: a message and whom to answer, sent without a sender. Akka's cell keeps
/// the sender of the last message until the next one, so a forwarded Ask would keep its temporary
/// actor, task and path alive for as long as the entity stays idle (about 0.2 KB per entity; see
/// docs/benchmarks.md); the delivery itself is released once handled.
/// </summary>
internal sealed record EntityDelivery(object Message, IActorRef ReplyTo);

/// <summary>The parent's periodic timer: stop the children idle for longer than PassivateAfter.</summary>
internal sealed class PassivationSweep
{
    public static PassivationSweep Instance { get; } = new();
}

/// <summary>To a parent at shutdown: stop every child once it has handled what it holds, then stop.</summary>
internal sealed class StopEntities
{
    public static StopEntities Instance { get; } = new();
}
