namespace Orders.Contracts;

/// <summary>
/// <c>orders.update-rejected</c>: an <see cref="UpdateStatus"/> was refused; the order is unchanged,
/// so there is no <c>version</c>. For <see cref="RejectionReasons.UnknownOrder"/>
/// <see cref="CurrentStatus"/> is null and <see cref="CurrentVersion"/> is 0.
/// </summary>
public sealed record OrderUpdateRejected(
    string EventId,
    string OrderId,
    DateTimeOffset OccurredAt,
    string RequestId,
    string Reason,
    OrderStatus? CurrentStatus,
    int CurrentVersion) : IOrderEvent;
