namespace Orders.Actors.Entities;

/// <summary>
/// Routes messages by entity id to one actor per id (the analogue of a cluster-sharding shard region,
/// inside one process). The actor is created on its first message, passivated when idle or when the
/// region holds too many, and created again on the next message; no message is lost in between.
/// </summary>
public interface IEntityRegion
{
    string Name { get; }

    /// <summary>Entity actors alive now.</summary>
    int LiveEntities { get; }

    /// <summary>Messages queued or being handled in the region's entities.</summary>
    long MailboxMessages { get; }

    void Tell(string entityId, object message, IActorRef? sender = null);

    /// <summary>Asks the entity <paramref name="entityId"/>; same outcomes as <see cref="IActorRef.AskAsync{TReply}"/>.</summary>
    ValueTask<TReply> AskAsync<TReply>(string entityId, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default);
}

/// <summary>The region whose entities are <typeparamref name="TActor"/>; what services inject.</summary>
public interface IEntityRegion<TActor> : IEntityRegion
    where TActor : EntityActor;
