namespace Orders.Messaging.Entities;

/// <summary>
/// Tells an entity parent which entity a message is for and what to hand the entity. The same split
/// as Akka.Cluster.Sharding's message extractor, so that replacing <see cref="Internal.EntityParent"/>
/// by a shard region later changes the parent, not the messages or the entities.
/// </summary>
public interface IEntityMessageExtractor
{
    /// <summary>The entity id the message is for; null when the message is not for an entity.</summary>
    string? EntityId(object message);

    /// <summary>What the entity receives (the message without its routing wrapper).</summary>
    object EntityMessage(object message);
}

/// <summary>A message for the entity <paramref name="EntityId"/>; what <see cref="IEntityRegion"/> sends to the parent.</summary>
public sealed record EntityEnvelope(string EntityId, object Message);

/// <summary>Extracts the routing of an <see cref="EntityEnvelope"/>.</summary>
public sealed class EnvelopeMessageExtractor : IEntityMessageExtractor
{
    public static EnvelopeMessageExtractor Instance { get; } = new();

    /// <inheritdoc />
    public string? EntityId(object message) => (message as EntityEnvelope)?.EntityId;

    /// <inheritdoc />
    public object EntityMessage(object message) => message is EntityEnvelope envelope ? envelope.Message : message;
}
