namespace Orders.OrderService.Persistence;

/// <summary>
/// A row of <c>order_requests</c>: one update-status request an order has answered (the domain's
/// <see cref="Domain.Order.HandledRequestIds"/>). The primary key (order_id, request_id) is what
/// makes a rejection safe across instances: a rejection does not change the order's version, so
/// two instances answering the same request at once collide here instead of both publishing.
/// </summary>
internal sealed class OrderRequestRecord
{
    public required string OrderId { get; init; }

    public required string RequestId { get; init; }

    /// <summary><see cref="AppliedOutcome"/>, or the rejection reason (<c>version-conflict</c>, ...); for diagnostics.</summary>
    public required string Outcome { get; init; }

    public required DateTimeOffset HandledAt { get; init; }

    /// <summary>The <see cref="Outcome"/> of a request that changed the order.</summary>
    public const string AppliedOutcome = "applied";
}
