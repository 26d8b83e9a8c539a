using Orders.Contracts;

namespace Orders.OrderService.Domain;

/// <summary>
/// The order lifecycle of the contract:
/// <code>
/// Created --payment captured--> Paid --Shipped--> Shipped --Delivered--> Delivered
///    |   \--payment declined--> PaymentFailed
///    \--Cancelled--> Cancelled &lt;--Cancelled-- Paid
/// </code>
/// </summary>
public static class OrderLifecycle
{
    /// <summary>Delivered, PaymentFailed and Cancelled: nothing moves an order out of these.</summary>
    public static bool IsTerminal(OrderStatus status) =>
        status is OrderStatus.Delivered or OrderStatus.PaymentFailed or OrderStatus.Cancelled;

    /// <summary>True when the lifecycle has an arrow from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanMove(OrderStatus from, OrderStatus to) => (from, to) switch
    {
        (OrderStatus.Created, OrderStatus.Paid) => true,
        (OrderStatus.Created, OrderStatus.PaymentFailed) => true,
        (OrderStatus.Created, OrderStatus.Cancelled) => true,
        (OrderStatus.Paid, OrderStatus.Shipped) => true,
        (OrderStatus.Paid, OrderStatus.Cancelled) => true,
        (OrderStatus.Shipped, OrderStatus.Delivered) => true,
        _ => false,
    };
}
