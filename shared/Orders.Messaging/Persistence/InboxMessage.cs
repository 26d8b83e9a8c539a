namespace Orders.Messaging.Persistence;

/// <summary>
/// A consumed message whose effects are committed (table <c>inbox</c>). Written in the same
/// transaction as those effects, so a redelivery of the same message id finds it and changes
/// nothing twice.
/// </summary>
public sealed class InboxMessage
{
    /// <summary>The message id (the JetStream <c>Nats-Msg-Id</c>); primary key.</summary>
    public required string MessageId { get; init; }

    /// <summary>Which consumer or handler processed it (for diagnostics).</summary>
    public required string Consumer { get; init; }

    /// <summary>When the effects were committed; inbox pruning uses it.</summary>
    public required DateTimeOffset ProcessedAt { get; init; }
}
