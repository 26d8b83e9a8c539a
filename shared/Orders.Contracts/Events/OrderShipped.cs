using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary><c>orders.shipped</c>: accepted <see cref="UpdateStatus"/> to Shipped.</summary>
public sealed record OrderShipped(
    string EventId,
    string OrderId,
    int Version,
    DateTimeOffset OccurredAt,
    string RequestId) : IVersionedOrderEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public OrderStatus StatusAfter => OrderLifecycle.StatusAfter(this);
}
