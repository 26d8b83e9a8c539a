using Orders.Contracts;
using Orders.Contracts.Json;
using Orders.Contracts.Messaging;
using Orders.Messaging.Pipeline;

namespace Orders.Properties.Tests.Wire;

/// <summary>
/// One message as a service's pipeline hands it to an actor: serialised to the wire and decoded
/// again by the real <see cref="ContractMessageDecoder"/>, so the record, the routing key and the
/// inbox key (<see cref="MessageId"/>) are exactly what the services see.
/// </summary>
/// <param name="Sequence">Its position in in-order delivery (1-based); names it in a printed schedule.</param>
internal sealed record WireMessage(int Sequence, string Subject, object Message, string OrderId, string MessageId)
{
    private static readonly ContractMessageDecoder Decoder = new();

    /// <summary>Serialises <paramref name="message"/> on its subject and decodes it as a consumer would.</summary>
    public static WireMessage Of(int sequence, object message)
    {
        var (subject, payload) = message switch
        {
            SubmitOrder m => (Subjects.Commands.SubmitOrder, OrdersJson.Serialize(m)),
            UpdateStatus m => (Subjects.Commands.UpdateStatus, OrdersJson.Serialize(m)),
            OrderCreated m => (Subjects.Orders.Created, OrdersJson.Serialize(m)),
            OrderPaid m => (Subjects.Orders.Paid, OrdersJson.Serialize(m)),
            OrderPaymentFailed m => (Subjects.Orders.PaymentFailed, OrdersJson.Serialize(m)),
            OrderShipped m => (Subjects.Orders.Shipped, OrdersJson.Serialize(m)),
            OrderDelivered m => (Subjects.Orders.Delivered, OrdersJson.Serialize(m)),
            OrderCancelled m => (Subjects.Orders.Cancelled, OrdersJson.Serialize(m)),
            OrderUpdateRejected m => (Subjects.Orders.UpdateRejected, OrdersJson.Serialize(m)),
            PaymentCaptured m => (Subjects.Payments.Captured, OrdersJson.Serialize(m)),
            PaymentDeclined m => (Subjects.Payments.Declined, OrdersJson.Serialize(m)),
            PaymentRefunded m => (Subjects.Payments.Refunded, OrdersJson.Serialize(m)),
            _ => throw new ArgumentException($"{message.GetType().Name} is not a contract message.", nameof(message)),
        };

        return Decoder.Decode(subject, payload) switch
        {
            DecodeResult.Ok ok => new WireMessage(sequence, subject, ok.Message, ok.EntityKey, ok.MessageId),
            var other => throw new InvalidOperationException($"A generated {subject} did not decode: {other}"),
        };
    }

    /// <summary>Short and readable: <c>#3 commands.update-status o-1 Shipped r-2 ev=2</c>.</summary>
    public override string ToString() => $"#{Sequence} {Subject} {Summary()}";

    private string Summary() => Message switch
    {
        SubmitOrder m => $"{m.OrderId} total={Money.Total(m.Items)}",
        UpdateStatus m => $"{m.OrderId} {m.Status} {m.RequestId}{(m.ExpectedVersion is { } v ? $" expectedVersion={v}" : "")}",
        OrderUpdateRejected m => $"{m.OrderId} {m.RequestId} {m.Reason}",
        IVersionedOrderEvent m => $"{m.OrderId} v{m.Version}",
        PaymentDeclined m => $"{m.OrderId} {m.Reason}",
        IEvent m => m.OrderId,
        _ => MessageId,
    };
}
