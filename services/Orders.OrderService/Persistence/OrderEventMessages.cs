using Orders.Contracts;
using Orders.Contracts.Messaging;
using Orders.Messaging.Persistence;

namespace Orders.OrderService.Persistence;

/// <summary>Turns an order event into the outbox row that publishes it (subject, payload, <c>Nats-Msg-Id</c> = event id).</summary>
internal static class OrderEventMessages
{
    // By the event's row of the registry: the interface is not part of the JSON contract.
    public static OutgoingMessage ToOutgoing(IOrderEvent orderEvent) =>
        new(orderEvent.EventId, Subjects.ForEvent(orderEvent), ContractRegistry.Serialize(orderEvent));
}
