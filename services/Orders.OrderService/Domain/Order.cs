using System.Collections.Immutable;
using Orders.Contracts;

namespace Orders.OrderService.Domain;

/// <summary>
/// One order as order-service knows it: what the <see cref="OrderDecider"/> decides from and
/// what the service persists (one row, guarded by <see cref="Version"/>).
/// </summary>
/// <param name="OrderId">The key; one actor per order id.</param>
/// <param name="CustomerId">From the submit-order command.</param>
/// <param name="Currency">From the submit-order command.</param>
/// <param name="Items">The lines as published in <c>orders.created</c> (prices normalised to cents).</param>
/// <param name="Total">Sum of quantity x unit price, rounded to cents.</param>
/// <param name="Status">Where the order is in its lifecycle.</param>
/// <param name="Version">1 at creation, +1 with every accepted change; rejections leave it alone.</param>
/// <param name="ContentFingerprint">
/// <see cref="Contracts.Validation.ContentFingerprint"/> of the creating command: a repeated
/// submit-order with the same fingerprint is a duplicate, with another one a conflict.
/// </param>
/// <param name="PaymentId">Set once a payment outcome (capture or decline) was applied.</param>
/// <param name="HandledRequestIds">
/// Every update-status <c>requestId</c> this order has answered, applied or rejected. The
/// contract says the same requestId again changes nothing, even after the stream's duplicate
/// window and even when the message carries another <c>Nats-Msg-Id</c> (or none), so the rule
/// lives with the order rather than only in the message inbox; a rejected request is remembered
/// too, so it cannot apply later when the order has moved on.
/// </param>
/// <param name="CreatedAt">When the order was created.</param>
/// <param name="UpdatedAt">When the last accepted change happened.</param>
public sealed record Order(
    string OrderId,
    string CustomerId,
    string Currency,
    IReadOnlyList<OrderItem> Items,
    decimal Total,
    OrderStatus Status,
    int Version,
    string ContentFingerprint,
    string? PaymentId,
    ImmutableHashSet<string> HandledRequestIds,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>True when nothing can change the order any more.</summary>
    public bool IsTerminal => OrderLifecycle.IsTerminal(Status);

    /// <summary>True when the update-status request with this id was already answered.</summary>
    public bool HasHandled(string requestId) => HandledRequestIds.Contains(requestId);

    /// <summary>The order <paramref name="created"/> brings into existence (its status from <see cref="OrderLifecycle.Next"/>).</summary>
    public static Order Create(OrderCreated created, string contentFingerprint)
    {
        ArgumentNullException.ThrowIfNull(created);
        if (created.Version != 1)
        {
            throw new InvalidOperationException($"orders.created of order {created.OrderId} carries version {created.Version}, not 1.");
        }

        return new Order(
            created.OrderId,
            created.CustomerId,
            created.Currency,
            created.Items,
            created.Total,
            OrderLifecycle.Next(null, created),
            created.Version,
            contentFingerprint,
            PaymentId: null,
            HandledRequestIds: [],
            CreatedAt: created.OccurredAt,
            UpdatedAt: created.OccurredAt);
    }

    /// <summary>
    /// The order after <paramref name="change"/>: the deciders change status, version and time only
    /// through here, so no rule can step outside <see cref="OrderLifecycle"/> or skip a version.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another order, not the next version, or no lifecycle arrow: a bug in a rule.</exception>
    public Order Apply(IVersionedOrderEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!string.Equals(change.OrderId, OrderId, StringComparison.Ordinal) || change.Version != Version + 1)
        {
            throw new InvalidOperationException(
                $"{change.GetType().Name} of order {change.OrderId} version {change.Version} applied to order {OrderId} version {Version}.");
        }

        return this with { Status = OrderLifecycle.Next(Status, change), Version = change.Version, UpdatedAt = change.OccurredAt };
    }
}
