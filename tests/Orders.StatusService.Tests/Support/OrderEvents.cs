using Orders.Contracts;
using Orders.Contracts.Messaging;

namespace Orders.StatusService.Tests.Support;

/// <summary>The events order-service publishes for one order, with contract ids and increasing timestamps.</summary>
internal sealed class OrderEvents(string orderId, DateTimeOffset start, decimal total = 39.98m)
{
    public string OrderId { get; } = orderId;

    public OrderCreated Created() => new(
        EventIds.ForOrderEvent(Subjects.Orders.Created, OrderId, 1), OrderId, 1, At(1), "c-7",
        [new OrderItem("SKU-1", 2, total / 2)], total, "USD");

    public OrderPaid Paid(int version = 2) => new(
        EventIds.ForOrderEvent(Subjects.Orders.Paid, OrderId, version), OrderId, version, At(version), PaymentIds.For(OrderId), total, "USD");

    public OrderPaymentFailed PaymentFailed(int version = 2) => new(
        EventIds.ForOrderEvent(Subjects.Orders.PaymentFailed, OrderId, version), OrderId, version, At(version),
        PaymentIds.For(OrderId), DeclineReasons.LimitExceeded);

    public OrderShipped Shipped(int version = 3) => new(
        EventIds.ForOrderEvent(Subjects.Orders.Shipped, OrderId, version), OrderId, version, At(version), $"r-ship-{OrderId}");

    public OrderDelivered Delivered(int version = 4) => new(
        EventIds.ForOrderEvent(Subjects.Orders.Delivered, OrderId, version), OrderId, version, At(version), $"r-deliver-{OrderId}");

    public OrderCancelled Cancelled(int version) => new(
        EventIds.ForOrderEvent(Subjects.Orders.Cancelled, OrderId, version), OrderId, version, At(version), $"r-cancel-{OrderId}");

    public OrderUpdateRejected Rejected(string requestId, OrderStatus currentStatus, int currentVersion) => new(
        EventIds.ForRejection(requestId), OrderId, At(currentVersion).AddMilliseconds(500), requestId,
        RejectionReasons.InvalidTransition, currentStatus, currentVersion);

    /// <summary>Created, paid, shipped, delivered: versions 1 to 4.</summary>
    public IReadOnlyList<IOrderEvent> HappyPath() => [Created(), Paid(), Shipped(), Delivered()];

    /// <summary>When version <paramref name="version"/> happened: one second apart, whole milliseconds (the wire's precision).</summary>
    public DateTimeOffset At(int version) => start.AddSeconds(version);
}
