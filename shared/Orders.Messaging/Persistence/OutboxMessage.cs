namespace Orders.Messaging.Persistence;

/// <summary>
/// An event waiting to be published, or already published (table <c>outbox</c>). Written in the
/// same transaction as the state change that caused it; the outbox relay publishes it later.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Database-generated, increasing: the relay publishes in this order.</summary>
    public long Id { get; init; }

    /// <summary>The event's deterministic id, sent as <c>Nats-Msg-Id</c>; unique.</summary>
    public required string EventId { get; init; }

    /// <summary>The NATS subject to publish to.</summary>
    public required string Subject { get; init; }

    /// <summary>The payload bytes, published unchanged.</summary>
    public required byte[] Payload { get; init; }

    /// <summary>Extra headers to publish (besides <c>Nats-Msg-Id</c>), or null.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>
    /// The W3C <c>traceparent</c> of the span that committed the row (null when untraced, and for
    /// rows written before v2 of the table): the relay publishes the event inside that trace.
    /// </summary>
    public string? TraceParent { get; init; }

    /// <summary>When the row was written.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the relay saw the publish acknowledged; null while unsent.</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>How many times the relay tried to publish it (for spotting a message that keeps failing).</summary>
    public int Attempts { get; init; }
}
