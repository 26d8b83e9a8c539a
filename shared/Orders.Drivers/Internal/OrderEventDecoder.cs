using Orders.Contracts;
using Orders.Contracts.Json;
using Orders.Contracts.Messaging;

namespace Orders.Drivers.Internal;

/// <summary>Decodes an ORDERS message by its subject into the contract's event record.</summary>
internal static class OrderEventDecoder
{
    public static bool TryDecode(string subject, ReadOnlySpan<byte> payload, out IOrderEvent? evt)
    {
        evt = subject switch
        {
            Subjects.Orders.Created => Decode<OrderCreated>(payload),
            Subjects.Orders.Paid => Decode<OrderPaid>(payload),
            Subjects.Orders.PaymentFailed => Decode<OrderPaymentFailed>(payload),
            Subjects.Orders.Shipped => Decode<OrderShipped>(payload),
            Subjects.Orders.Delivered => Decode<OrderDelivered>(payload),
            Subjects.Orders.Cancelled => Decode<OrderCancelled>(payload),
            Subjects.Orders.UpdateRejected => Decode<OrderUpdateRejected>(payload),
            _ => null,
        };
        return evt is not null;
    }

    private static IOrderEvent? Decode<T>(ReadOnlySpan<byte> payload)
        where T : class, IOrderEvent =>
        OrdersJson.TryDeserialize<T>(payload, out var value, out _) ? value : null;
}
