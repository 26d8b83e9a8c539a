namespace Orders.Contracts;

/// <summary><c>payments.captured</c>: the order's money was taken.</summary>
public sealed record PaymentCaptured(
    string EventId,
    string PaymentId,
    string OrderId,
    decimal Amount,
    string Currency,
    DateTimeOffset OccurredAt) : IPaymentEvent;
