using Orders.Contracts;
using Orders.Contracts.Json;
using Orders.Contracts.Messaging;

namespace Orders.PaymentService.Tests.Support;

/// <summary>A message payment-service published on PAYMENTS: its subject, its <c>Nats-Msg-Id</c> and the decoded event.</summary>
internal sealed record PublishedPayment(string Subject, string? MsgId, IPaymentEvent Event)
{
    public static PublishedPayment Decode(StreamMessage stored)
    {
        var payload = stored.Data.Span;
        IPaymentEvent evt = stored.Subject switch
        {
            Subjects.Payments.Captured => Read<PaymentCaptured>(payload),
            Subjects.Payments.Declined => Read<PaymentDeclined>(payload),
            Subjects.Payments.Refunded => Read<PaymentRefunded>(payload),
            _ => throw new InvalidOperationException($"Unexpected subject {stored.Subject} on PAYMENTS."),
        };
        return new PublishedPayment(stored.Subject, stored.Header(MessageHeaders.MsgId), evt);
    }

    private static T Read<T>(ReadOnlySpan<byte> payload)
        where T : class =>
        OrdersJson.TryDeserialize<T>(payload, out var value, out var error)
            ? value
            : throw new InvalidOperationException($"PAYMENTS held an invalid {typeof(T).Name}: {error}");
}
