using Orders.Contracts;

namespace Orders.StatusService.Persistence;

/// <summary>One row of <c>order_history</c>: an applied event, keyed by (order, version) so it can be written only once.</summary>
internal sealed class OrderHistoryRow
{
    public required string OrderId { get; init; }

    public required int Version { get; init; }

    public required OrderStatus Status { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }
}
