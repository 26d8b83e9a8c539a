using NATS.Client.Core;
using NATS.Client.JetStream;
using Orders.Contracts;
using Orders.Contracts.Json;
using Orders.Contracts.Messaging;

namespace Orders.Monitor.Tests.Support;

/// <summary>Publishes contract messages the way their real writers do, each as its own restricted user.</summary>
internal sealed class Wire(RestrictedNats nats)
{
    public static readonly DateTimeOffset At = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    public static string NewOrderId() => "o-" + Guid.NewGuid().ToString("N")[..10];

    public Task SubmitOrderAsync(string orderId) =>
        PublishAsync(RestrictedNats.Driver, Subjects.Commands.SubmitOrder,
            OrdersJson.Serialize(new SubmitOrder(orderId, "c-7", "USD", [new OrderItem("SKU-1", 2, 19.99m)])), EventIds.ForSubmitOrder(orderId));

    public Task UpdateStatusAsync(string orderId, string requestId, OrderStatus status, int? expectedVersion) =>
        PublishAsync(RestrictedNats.Driver, Subjects.Commands.UpdateStatus,
            OrdersJson.Serialize(new UpdateStatus(requestId, orderId, status, expectedVersion)), EventIds.ForUpdateStatus(requestId));

    public Task CreatedAsync(string orderId, decimal total = 39.98m) =>
        OrderEventAsync(Subjects.Orders.Created, orderId, 1, id => new OrderCreated(id, orderId, 1, At, "c-7", [new OrderItem("SKU-1", 2, total / 2)], total, "USD"));

    public Task PaidAsync(string orderId, decimal amount = 39.98m) =>
        OrderEventAsync(Subjects.Orders.Paid, orderId, 2, id => new OrderPaid(id, orderId, 2, At, PaymentIds.For(orderId), amount, "USD"));

    public Task PaymentFailedAsync(string orderId) =>
        OrderEventAsync(Subjects.Orders.PaymentFailed, orderId, 2, id => new OrderPaymentFailed(id, orderId, 2, At, PaymentIds.For(orderId), DeclineReasons.LimitExceeded));

    public Task ShippedAsync(string orderId, int version = 3) =>
        OrderEventAsync(Subjects.Orders.Shipped, orderId, version, id => new OrderShipped(id, orderId, version, At, "r-ship-" + orderId));

    public Task DeliveredAsync(string orderId, int version = 4) =>
        OrderEventAsync(Subjects.Orders.Delivered, orderId, version, id => new OrderDelivered(id, orderId, version, At, "r-deliver-" + orderId));

    public Task CancelledAsync(string orderId, int version) =>
        OrderEventAsync(Subjects.Orders.Cancelled, orderId, version, id => new OrderCancelled(id, orderId, version, At, "r-cancel-" + orderId));

    public Task RejectedAsync(string orderId, string requestId, string reason) =>
        PublishAsync(RestrictedNats.OrderService, Subjects.Orders.UpdateRejected,
            OrdersJson.Serialize(new OrderUpdateRejected(EventIds.ForRejection(requestId), orderId, At, requestId, reason, OrderStatus.Paid, 2)),
            EventIds.ForRejection(requestId));

    public Task CapturedAsync(string orderId, decimal amount = 39.98m) =>
        PublishAsync(RestrictedNats.PaymentService, Subjects.Payments.Captured,
            OrdersJson.Serialize(new PaymentCaptured(EventIds.ForPaymentEvent(Subjects.Payments.Captured, orderId), PaymentIds.For(orderId), orderId, amount, "USD", At)),
            EventIds.ForPaymentEvent(Subjects.Payments.Captured, orderId));

    public Task DeclinedAsync(string orderId) =>
        PublishAsync(RestrictedNats.PaymentService, Subjects.Payments.Declined,
            OrdersJson.Serialize(new PaymentDeclined(EventIds.ForPaymentEvent(Subjects.Payments.Declined, orderId), PaymentIds.For(orderId), orderId, DeclineReasons.LimitExceeded, At)),
            EventIds.ForPaymentEvent(Subjects.Payments.Declined, orderId));

    /// <summary>A dead letter as order-service writes it: the original payload, unchanged, with the reason headers.</summary>
    public Task DeadLetterAsync(string originalSubject, ReadOnlyMemory<byte> originalPayload, string reason, ulong originalSequence = 7)
    {
        var headers = new NatsHeaders
        {
            { MessageHeaders.DeadReason, reason },
            { MessageHeaders.OriginalSubject, originalSubject },
            { MessageHeaders.OriginalSequence, originalSequence.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            { MessageHeaders.Deliveries, "1" },
        };
        return PublishAsync(RestrictedNats.OrderService, Subjects.DeadLetter.For("order-service"), originalPayload, msgId: null, headers);
    }

    /// <summary>A JetStream publish as <paramref name="user"/>; throws unless the stream stored it (a duplicate counts as stored).</summary>
    public async Task PublishAsync(string user, string subject, ReadOnlyMemory<byte> payload, string? msgId, NatsHeaders? headers = null)
    {
        var opts = msgId is null ? null : new NatsJSPubOpts { MsgId = msgId };
        var ack = await nats.JetStream(user).PublishAsync(subject, payload.ToArray(), NatsRawSerializer<byte[]>.Default, opts, headers);
        if (ack.Error is { } error)
        {
            throw new InvalidOperationException($"{subject} was not stored: {error.Code} {error.Description}");
        }
    }

    private Task OrderEventAsync<T>(string subject, string orderId, int version, Func<string, T> create)
    {
        var eventId = EventIds.ForOrderEvent(subject, orderId, version);
        return PublishAsync(RestrictedNats.OrderService, subject, OrdersJson.Serialize(create(eventId)), eventId);
    }
}
