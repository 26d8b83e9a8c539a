using Orders.Messaging.Persistence;
using Orders.OrderService.Domain;

namespace Orders.OrderService.Persistence;

/// <summary>
/// What <see cref="OrderHandling.OrderActor"/> needs from storage: <see cref="OrderStore"/> on
/// PostgreSQL in the service; the property tests put an in-memory one behind the real actor.
/// </summary>
internal interface IOrderStore
{
    /// <summary>The order as stored now, or null when it does not exist.</summary>
    Task<Order?> LoadAsync(string orderId, CancellationToken ct);

    /// <summary>
    /// Commits an <see cref="OrderDecision.Apply"/> or <see cref="OrderDecision.Reject"/> made from
    /// <paramref name="current"/>, with the inbox row and the event in the outbox, or nothing.
    /// </summary>
    Task<CommitResult> CommitAsync(Order? current, OrderDecision decision, InboxEntry inbox, CancellationToken ct);
}
