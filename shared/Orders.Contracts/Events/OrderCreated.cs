using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary><c>orders.created</c>: the order exists, version 1, status Created.</summary>
public sealed record OrderCreated(
    string EventId,
    string OrderId,
    int Version,
    DateTimeOffset OccurredAt,
    string CustomerId,
    IReadOnlyList<OrderItem> Items,
    decimal Total,
    string Currency) : IVersionedOrderEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public OrderStatus StatusAfter => OrderLifecycle.StatusAfter(this);
}
