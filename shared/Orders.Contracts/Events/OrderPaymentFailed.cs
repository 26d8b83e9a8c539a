using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary><c>orders.payment-failed</c>: the payment was declined; terminal.</summary>
public sealed record OrderPaymentFailed(
    string EventId,
    string OrderId,
    int Version,
    DateTimeOffset OccurredAt,
    string PaymentId,
    string Reason) : IVersionedOrderEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public OrderStatus StatusAfter => OrderLifecycle.StatusAfter(this);
}
