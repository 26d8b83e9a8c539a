namespace Orders.Contracts;

/// <summary><c>payments.refunded</c>: a captured payment was given back because the order was cancelled.</summary>
public sealed record PaymentRefunded(
    string EventId,
    string PaymentId,
    string OrderId,
    decimal Amount,
    string Currency,
    DateTimeOffset OccurredAt) : IPaymentEvent;
