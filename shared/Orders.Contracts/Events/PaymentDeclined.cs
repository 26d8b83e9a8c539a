namespace Orders.Contracts;

/// <summary><c>payments.declined</c>: no money was taken (see <see cref="DeclineReasons"/>).</summary>
public sealed record PaymentDeclined(
    string EventId,
    string PaymentId,
    string OrderId,
    string Reason,
    DateTimeOffset OccurredAt) : IPaymentEvent;
