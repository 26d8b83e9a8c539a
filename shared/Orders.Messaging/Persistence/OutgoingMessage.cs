namespace Orders.Messaging.Persistence;

/// <summary>An event to publish once the commit that produced it succeeds.</summary>
/// <param name="EventId">Deterministic id of the logical event; becomes <c>Nats-Msg-Id</c> (see docs/contract.md).</param>
/// <param name="Subject">The subject to publish to.</param>
/// <param name="Payload">The serialized payload.</param>
/// <param name="Headers">Extra headers, or null.</param>
public sealed record OutgoingMessage(
    string EventId,
    string Subject,
    ReadOnlyMemory<byte> Payload,
    IReadOnlyDictionary<string, string>? Headers = null);
