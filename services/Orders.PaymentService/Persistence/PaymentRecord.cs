using Orders.Messaging.Persistence;
using Orders.PaymentService.Domain;

namespace Orders.PaymentService.Persistence;

/// <summary>
/// A row of <c>payments</c>: the domain's <see cref="Payment"/> plus what persistence needs
/// (the optimistic-concurrency <see cref="Version"/> and <see cref="UpdatedAt"/>).
/// Built fresh for every write, so the actor's cached state is never an EF-tracked object.
/// </summary>
internal sealed class PaymentRecord : IVersionedEntity
{
    public required string OrderId { get; init; }

    public required string PaymentId { get; init; }

    public required PaymentStatus Status { get; init; }

    public decimal? Amount { get; init; }

    public string? Currency { get; init; }

    public required bool CancelSeen { get; init; }

    public string? DeclineReason { get; init; }

    /// <summary>1 when first stored, +1 on every change; the concurrency token.</summary>
    public long Version { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public static PaymentRecord From(Payment payment, long version, DateTimeOffset updatedAt) => new()
    {
        OrderId = payment.OrderId,
        PaymentId = payment.PaymentId,
        Status = payment.Status,
        Amount = payment.Amount,
        Currency = payment.Currency,
        CancelSeen = payment.CancelSeen,
        DeclineReason = payment.DeclineReason,
        Version = version,
        UpdatedAt = updatedAt,
    };

    public Payment ToPayment() => new(OrderId, PaymentId, Status, Amount, Currency, CancelSeen, DeclineReason);
}
