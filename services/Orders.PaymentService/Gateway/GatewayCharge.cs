namespace Orders.PaymentService.Gateway;

/// <summary>
/// Money the simulated gateway took (table <c>gateway_charges</c>), one row per idempotency key.
/// The gateway's own ledger, deliberately separate from <c>payments</c>: tests and chaos checks
/// count these rows to prove that no order was charged twice and none was left charged.
/// </summary>
internal sealed class GatewayCharge
{
    /// <summary>The idempotency key (<c>pay-&lt;orderId&gt;</c>); primary key.</summary>
    public required string PaymentId { get; init; }

    public required decimal Amount { get; init; }

    public required string Currency { get; init; }

    public required DateTimeOffset ChargedAt { get; init; }
}
