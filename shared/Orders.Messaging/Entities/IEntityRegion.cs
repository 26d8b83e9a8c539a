using Akka.Actor;
using Akka.Hosting;

namespace Orders.Messaging.Entities;

/// <summary>
/// Asks the entity of an id through its parent; what the consumer pipeline holds. One call shape, so
/// the pipeline does not change if the parent becomes a cluster shard region.
/// </summary>
public interface IEntityRegion
{
    /// <summary>
    /// Sends <paramref name="message"/> to the entity <paramref name="entityId"/> and waits for its reply.
    /// Throws Akka's <see cref="AskTimeoutException"/> when none comes within <paramref name="timeout"/>,
    /// and the entity's failure (e.g. <see cref="EntityUnavailableException"/>) when it answers with one.
    /// </summary>
    ValueTask<TReply> AskAsync<TReply>(string entityId, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default);
}

/// <summary>The region whose entities are <typeparamref name="TActor"/>; what services inject.</summary>
public interface IEntityRegion<TActor> : IEntityRegion
    where TActor : EntityActor;

/// <summary>An <see cref="IEntityRegion{TActor}"/> over the parent registered in Akka.Hosting's registry under <typeparamref name="TActor"/>.</summary>
internal sealed class EntityRegion<TActor>(IRequiredActor<TActor> parent) : IEntityRegion<TActor>
    where TActor : EntityActor
{
    public ValueTask<TReply> AskAsync<TReply>(string entityId, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityId);
        ArgumentNullException.ThrowIfNull(message);
        return new ValueTask<TReply>(parent.ActorRef.Ask<TReply>(new EntityEnvelope(entityId, message), timeout, cancellationToken));
    }
}
