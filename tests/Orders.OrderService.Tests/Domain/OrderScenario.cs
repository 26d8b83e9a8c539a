using Orders.Contracts;
using Orders.OrderService.Domain;

namespace Orders.OrderService.Tests.Domain;

/// <summary>
/// Builds orders in any status by running the real decider through the lifecycle, so the
/// tests never hand-craft a state the service could not reach.
/// </summary>
internal static class OrderScenario
{
    public const string OrderId = "o-42";
    public static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    public static readonly SubmitOrder Submit = new(OrderId, "c-7", "USD", [new OrderItem("SKU-1", 2, 19.99m)]);

    public static PaymentCaptured Captured(decimal amount = 39.98m, string currency = "USD") =>
        new("captured:" + OrderId, "pay-" + OrderId, OrderId, amount, currency, T0.AddSeconds(1));

    public static PaymentDeclined Declined(string reason = DeclineReasons.LimitExceeded) =>
        new("declined:" + OrderId, "pay-" + OrderId, OrderId, reason, T0.AddSeconds(1));

    public static PaymentRefunded Refunded() =>
        new("refunded:" + OrderId, "pay-" + OrderId, OrderId, 39.98m, "USD", T0.AddSeconds(3));

    public static UpdateStatus Update(OrderStatus status, string requestId = "r-1", int? expectedVersion = null) =>
        new(requestId, OrderId, status, expectedVersion);

    public static Order Created() => Applied(OrderDecider.Decide(null, Submit, T0));

    /// <summary>An order that reached <paramref name="status"/> the normal way.</summary>
    public static Order InStatus(OrderStatus status) => status switch
    {
        OrderStatus.Created => Created(),
        OrderStatus.Paid => Applied(OrderDecider.Decide(Created(), Captured(), T0.AddSeconds(2))),
        OrderStatus.PaymentFailed => Applied(OrderDecider.Decide(Created(), Declined(), T0.AddSeconds(2))),
        OrderStatus.Shipped => Applied(OrderDecider.Decide(InStatus(OrderStatus.Paid), Update(OrderStatus.Shipped, "r-ship"), T0.AddSeconds(3))),
        OrderStatus.Delivered => Applied(OrderDecider.Decide(InStatus(OrderStatus.Shipped), Update(OrderStatus.Delivered, "r-deliver"), T0.AddSeconds(4))),
        OrderStatus.Cancelled => Applied(OrderDecider.Decide(Created(), Update(OrderStatus.Cancelled, "r-cancel"), T0.AddSeconds(2))),
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>Paid, then cancelled: the payment outcome is already recorded.</summary>
    public static Order CancelledAfterPayment() =>
        Applied(OrderDecider.Decide(InStatus(OrderStatus.Paid), Update(OrderStatus.Cancelled, "r-cancel"), T0.AddSeconds(3)));

    public static Order Applied(OrderDecision decision) => Assert.IsType<OrderDecision.Apply>(decision).State;

    public static Order? Rejected(OrderDecision decision) => Assert.IsType<OrderDecision.Reject>(decision).State;
}
