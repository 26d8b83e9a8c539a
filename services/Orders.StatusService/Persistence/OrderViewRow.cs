using Orders.Contracts;
using Orders.Messaging.Persistence;

namespace Orders.StatusService.Persistence;

/// <summary>
/// One row of <c>order_views</c>: the current state of an order as the query API serves it.
/// <see cref="Version"/> is the concurrency token, so two instances applying the same order's
/// next event cannot both win.
/// </summary>
internal sealed class OrderViewRow : IVersionedEntity
{
    public required string OrderId { get; init; }

    public required OrderStatus Status { get; set; }

    /// <summary>The order's version (an <c>integer</c> column; long only because <see cref="IVersionedEntity"/> says so).</summary>
    public long Version { get; set; }

    public required string CustomerId { get; init; }

    public required decimal Total { get; init; }

    public required string Currency { get; init; }

    /// <summary>When the latest applied event happened (its <c>occurredAt</c>); "newest" orders by it.</summary>
    public required DateTimeOffset UpdatedAt { get; set; }
}
