using Orders.Messaging.Persistence;

namespace Orders.Messaging.Outbox;

/// <summary>
/// Publishes one outbox row to the broker. The JetStream implementation publishes to
/// <see cref="OutboxMessage.Subject"/> with <c>Nats-Msg-Id</c> = <see cref="OutboxMessage.EventId"/>
/// and completes when the stream acknowledged it.
/// </summary>
/// <remarks>
/// The relay starts a whole batch of calls before awaiting any (pipelining), so an implementation
/// must put the message on the wire (or in its send queue) before its first real await, in call
/// order, and complete the returned task only when the broker's ack arrives (fault on a negative
/// ack or timeout). A republish of the same row after a crash is expected; the stream's duplicate
/// window drops it.
/// </remarks>
public interface IOutboxPublisher
{
    /// <summary>Publishes <paramref name="message"/> and completes when the broker has acknowledged it.</summary>
    ValueTask PublishAsync(OutboxMessage message, CancellationToken ct);
}
