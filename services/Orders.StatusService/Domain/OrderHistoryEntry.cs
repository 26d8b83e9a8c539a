using Orders.Contracts;

namespace Orders.StatusService.Domain;

/// <summary>One step of an order's history in the read model.</summary>
public sealed record OrderHistoryEntry(int Version, OrderStatus Status, DateTimeOffset OccurredAt);
