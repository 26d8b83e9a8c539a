using Orders.Contracts;
using Orders.Contracts.Messaging;

namespace Orders.PaymentService.Tests.Support;

/// <summary>Order events as order-service publishes them (deterministic event ids, version 1 for created).</summary>
internal static class OrderEvents
{
    private static readonly DateTimeOffset OccurredAt = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    public static OrderCreated Created(string orderId, decimal total, string currency = "USD") => new(
        EventIds.ForOrderEvent(Subjects.Orders.Created, orderId, 1),
        orderId,
        1,
        OccurredAt,
        "c-7",
        [new OrderItem("SKU-1", 1, total)],
        total,
        currency);

    /// <summary>The cancellation of a just-created order (version 2), as an accepted update-status.</summary>
    public static OrderCancelled Cancelled(string orderId, int version = 2) => new(
        EventIds.ForOrderEvent(Subjects.Orders.Cancelled, orderId, version),
        orderId,
        version,
        OccurredAt.AddSeconds(1),
        "r-" + orderId);
}
