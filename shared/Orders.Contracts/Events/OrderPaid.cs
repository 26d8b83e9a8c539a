using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary><c>orders.paid</c>: the payment was captured.</summary>
public sealed record OrderPaid(
    string EventId,
    string OrderId,
    int Version,
    DateTimeOffset OccurredAt,
    string PaymentId,
    decimal Amount,
    string Currency) : IVersionedOrderEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public OrderStatus StatusAfter => OrderLifecycle.StatusAfter(this);
}
