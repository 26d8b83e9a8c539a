namespace Orders.Messaging.Entities.Internal;

/// <summary>
/// Thrown by an entity after it answered a message that failed unexpectedly, so that its parent's
/// supervision restarts it; carries the entity's recent restarts to the next incarnation (its back-off).
/// </summary>
internal sealed class EntityFailedException(string entityId, Exception inner, DateTimeOffset[] recentRestarts)
    : Exception($"Entity {entityId} failed: {inner.Message}", inner)
{
    public DateTimeOffset[] RecentRestarts { get; } = recentRestarts;
}
