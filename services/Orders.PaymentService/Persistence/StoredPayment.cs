using Orders.PaymentService.Domain;

namespace Orders.PaymentService.Persistence;

/// <summary>A payment as stored, with the version a write must expect.</summary>
internal sealed record StoredPayment(Payment Payment, long Version);
