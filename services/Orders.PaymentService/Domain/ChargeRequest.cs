namespace Orders.PaymentService.Domain;

/// <summary>
/// What to ask the payment gateway for. The gateway must treat <see cref="PaymentId"/> as an
/// idempotency key: charging the same payment id again returns the first capture instead of
/// taking the money twice. That is what makes retrying after a crash or a lost race safe.
/// </summary>
public sealed record ChargeRequest(string PaymentId, string OrderId, decimal Amount, string Currency);
