using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary><c>orders.delivered</c>: accepted <see cref="UpdateStatus"/> to Delivered; terminal.</summary>
public sealed record OrderDelivered(
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
