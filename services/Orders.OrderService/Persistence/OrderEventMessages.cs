using Orders.Contracts;
using Orders.Contracts.Json;
using Orders.Contracts.Messaging;
using Orders.Messaging.Persistence;

namespace Orders.OrderService.Persistence;

/// <summary>Turns an order event into the outbox row that publishes it (subject, payload, <c>Nats-Msg-Id</c> = event id).</summary>
internal static class OrderEventMessages
{
    public static OutgoingMessage ToOutgoing(IOrderEvent orderEvent) =>
        new(orderEvent.EventId, Subjects.ForEvent(orderEvent), Serialize(orderEvent));

    // The serializer needs the concrete type: the interface is not part of the JSON contract.
    private static byte[] Serialize(IOrderEvent orderEvent) => orderEvent switch
    {
        OrderCreated e => OrdersJson.Serialize(e),
        OrderPaid e => OrdersJson.Serialize(e),
        OrderPaymentFailed e => OrdersJson.Serialize(e),
        OrderShipped e => OrdersJson.Serialize(e),
        OrderDelivered e => OrdersJson.Serialize(e),
        OrderCancelled e => OrdersJson.Serialize(e),
        OrderUpdateRejected e => OrdersJson.Serialize(e),
        _ => throw new ArgumentException($"{orderEvent.GetType().Name} is not an order event of the contract.", nameof(orderEvent)),
    };
}
