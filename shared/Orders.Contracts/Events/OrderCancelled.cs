using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary><c>orders.cancelled</c>: accepted <see cref="UpdateStatus"/> to Cancelled; terminal.</summary>
public sealed record OrderCancelled(
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
