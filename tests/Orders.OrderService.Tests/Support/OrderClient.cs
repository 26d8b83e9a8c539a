using System.Text;
using Orders.Contracts;
using Orders.Contracts.Json;
using Orders.Contracts.Messaging;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Orders.Testing;

namespace Orders.OrderService.Tests.Support;

/// <summary>
/// Drives order-service through the wire as an outside client (or payment-service) would: JSON
/// published to COMMANDS and PAYMENTS with a <c>Nats-Msg-Id</c>; outcomes read back from ORDERS
/// and DEADLETTER.
/// </summary>
internal sealed class OrderClient(OrderServiceFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static string NewOrderId() => "o-" + Guid.NewGuid().ToString("N")[..12];

    public static string NewRequestId() => "r-" + Guid.NewGuid().ToString("N")[..12];

    public static SubmitOrder Order(string orderId) => new(orderId, "c-7", "USD", [new OrderItem("SKU-1", 2, 19.99m), new OrderItem("SKU-2", 1, 5.5m)]);

    public const decimal OrderTotal = 45.48m;

    public Task<PubAckResponse> SubmitAsync(SubmitOrder command, string? msgId = null) =>
        PublishAsync(Subjects.Commands.SubmitOrder, OrdersJson.Serialize(command), msgId ?? EventIds.ForSubmitOrder(command.OrderId));

    public Task<PubAckResponse> UpdateAsync(UpdateStatus command, string? msgId = null) =>
        PublishAsync(Subjects.Commands.UpdateStatus, OrdersJson.Serialize(command), msgId ?? EventIds.ForUpdateStatus(command.RequestId));

    public Task<PubAckResponse> PublishRawAsync(string subject, string json, string msgId) =>
        PublishAsync(subject, Encoding.UTF8.GetBytes(json), msgId);

    public Task<PubAckResponse> CaptureAsync(string orderId, decimal amount = OrderTotal, string? msgId = null)
    {
        var captured = new PaymentCaptured(
            EventIds.ForPaymentEvent(Subjects.Payments.Captured, orderId), PaymentIds.For(orderId), orderId, amount, "USD", DateTimeOffset.UtcNow);
        return PublishAsync(Subjects.Payments.Captured, OrdersJson.Serialize(captured), msgId ?? captured.EventId);
    }

    public Task<PubAckResponse> DeclineAsync(string orderId, string reason)
    {
        var declined = new PaymentDeclined(
            EventIds.ForPaymentEvent(Subjects.Payments.Declined, orderId), PaymentIds.For(orderId), orderId, reason, DateTimeOffset.UtcNow);
        return PublishAsync(Subjects.Payments.Declined, OrdersJson.Serialize(declined), declined.EventId);
    }

    /// <summary>A created order (version 1), its <c>orders.created</c> already published.</summary>
    public async Task<string> CreatedOrderAsync()
    {
        var orderId = NewOrderId();
        await SubmitAsync(Order(orderId));
        await WaitForEventAsync(orderId, Subjects.Orders.Created);
        return orderId;
    }

    /// <summary>A paid order (version 2), its <c>orders.paid</c> already published.</summary>
    public async Task<string> PaidOrderAsync()
    {
        var orderId = await CreatedOrderAsync();
        await CaptureAsync(orderId);
        await WaitForEventAsync(orderId, Subjects.Orders.Paid);
        return orderId;
    }

    /// <summary>Waits for the order's first event on <paramref name="subject"/> (and returns it).</summary>
    public async Task<StreamMessage> WaitForEventAsync(string orderId, string subject, Func<StreamMessage, bool>? where = null)
    {
        StreamMessage? found = null;
        await Eventually.WaitUntilAsync(
            async () =>
            {
                found = (await fixture.Orders.ForOrderAsync(orderId)).FirstOrDefault(m => m.Subject == subject && (where?.Invoke(m) ?? true));
                return found is not null;
            },
            Timeout,
            $"{subject} for {orderId}");
        return found!;
    }

    /// <summary>Waits for the dead letter of the message <paramref name="published"/> stored (matched by its stream and sequence).</summary>
    public async Task<StreamMessage> WaitForDeadLetterAsync(PubAckResponse published)
    {
        StreamMessage? found = null;
        await Eventually.WaitUntilAsync(
            async () =>
            {
                found = (await fixture.DeadLetters.ReadAsync()).FirstOrDefault(m =>
                    m.Header(MessageHeaders.OriginalSequence) == published.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    && m.Header("Nats-Msg-Id") == $"dead:order-service:{published.Stream}:{published.Seq}");
                return found is not null;
            },
            Timeout,
            $"dead letter of {published.Stream} #{published.Seq}");
        return found!;
    }

    /// <summary>The subjects of the order's events on ORDERS, in stream order.</summary>
    public async Task<IReadOnlyList<string>> EventSubjectsAsync(string orderId) =>
        (await fixture.Orders.ForOrderAsync(orderId)).Select(m => m.Subject).ToList();

    private async Task<PubAckResponse> PublishAsync(string subject, byte[] payload, string msgId)
    {
        var ack = await fixture.JetStream.PublishAsync(subject, payload, opts: new NatsJSPubOpts { MsgId = msgId });
        // NATS.Net returns an ack carrying an error instead of throwing (and EnsureSuccess() would also throw on the duplicates tests look for).
        return ack.Error is { } error ? throw new NatsJSApiException(error) : ack;
    }
}
