using Orders.Contracts;

namespace Orders.StatusService.Domain;

/// <summary>
/// The read model of one order, as served by <c>GET /orders/{orderId}</c>:
/// <c>{"orderId","status","version","customerId","total","currency","updatedAt","history":[...]}</c>.
/// Built by <see cref="StatusProjector"/> from the order's events in version order.
/// </summary>
/// <param name="History">One entry per applied event, oldest first; its last entry matches <see cref="Version"/> and <see cref="Status"/>.</param>
public sealed record OrderView(
    string OrderId,
    OrderStatus Status,
    int Version,
    string CustomerId,
    decimal Total,
    string Currency,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<OrderHistoryEntry> History);
