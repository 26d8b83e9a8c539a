namespace Orders.PaymentService.Domain;

/// <summary>Where the one payment of an order is.</summary>
public enum PaymentStatus
{
    /// <summary>Not decided yet: no <c>orders.created</c> seen, or a charge is (or was) under way.</summary>
    Pending,

    /// <summary>The money was taken.</summary>
    Captured,

    /// <summary>No money was taken, and none will be.</summary>
    Declined,

    /// <summary>The money was taken and given back.</summary>
    Refunded,
}

/// <summary>
/// The payment of one order as payment-service knows it: what <see cref="PaymentDecider"/>
/// decides from and what the service persists.
/// </summary>
/// <param name="OrderId">The key; one actor per order id.</param>
/// <param name="PaymentId"><c>pay-&lt;orderId&gt;</c>; also the gateway's idempotency key.</param>
/// <param name="Status">See <see cref="PaymentStatus"/>.</param>
/// <param name="Amount">The order total; null while only the cancellation has been seen.</param>
/// <param name="Currency">The order currency; null while only the cancellation has been seen.</param>
/// <param name="CancelSeen">
/// The order was cancelled. Remembered even before <c>orders.created</c> arrives (the two come
/// through different consumers, in any order), so that a later capture never happens.
/// </param>
/// <param name="DeclineReason">Why it was declined, when <see cref="Status"/> is Declined.</param>
public sealed record Payment(
    string OrderId,
    string PaymentId,
    PaymentStatus Status,
    decimal? Amount,
    string? Currency,
    bool CancelSeen,
    string? DeclineReason)
{
    /// <summary>
    /// A charge was stored as under way and no answer of the gateway was recorded yet, so money may
    /// have been taken. Only <see cref="PaymentDecision.Charge"/> stores a Pending payment with an
    /// amount (a cancellation seen first stores none).
    /// </summary>
    public bool ChargeStarted => Status == PaymentStatus.Pending && Amount is not null;
}
