using Orders.Contracts;

namespace Orders.StatusService.Domain;

/// <summary>
/// Builds the read model from order events, strictly in version order, as a pure function.
/// Versions make it idempotent (a version the view has is already applied) and order-safe (a
/// version beyond the next is a gap to wait for), whatever JetStream redelivers and in which
/// order the instances of the service receive the events.
/// </summary>
public static class StatusProjector
{
    /// <summary>Applies one event of the ORDERS stream to the order's view (null before the first event).</summary>
    public static ProjectionResult Apply(OrderView? view, IOrderEvent orderEvent)
    {
        ArgumentNullException.ThrowIfNull(orderEvent);
        if (view is not null && !string.Equals(view.OrderId, orderEvent.OrderId, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The view of order {view.OrderId} was passed with an event of order {orderEvent.OrderId}.", nameof(view));
        }

        if (orderEvent is not IVersionedOrderEvent change)
        {
            return ProjectionResult.Unchanged.Instance;
        }

        // Contract violations are reported before the sequence checks: a version below 1 would
        // otherwise pass as "already applied" (acked silently), and an orders.created carrying a
        // later version as a gap (nak'ed until the consumer gives up) instead of a clear reason.
        if (change.Version < 1)
        {
            return new ProjectionResult.Invalid(
                $"{change.GetType().Name} for order {change.OrderId} carries version {change.Version}, expected 1 or more");
        }

        if (change is OrderCreated && change.Version != 1)
        {
            return new ProjectionResult.Invalid(
                $"orders.created for order {change.OrderId} carries version {change.Version}, expected 1");
        }

        var current = view?.Version ?? 0;
        if (change.Version <= current)
        {
            return ProjectionResult.AlreadyApplied.Instance;
        }

        if (change.Version > current + 1)
        {
            return new ProjectionResult.Gap(current + 1, change.Version);
        }

        var entry = new OrderHistoryEntry(change.Version, change.StatusAfter, change.OccurredAt);
        return (view, change) switch
        {
            (null, OrderCreated created) => new ProjectionResult.Applied(new OrderView(
                created.OrderId,
                created.StatusAfter,
                created.Version,
                created.CustomerId,
                created.Total,
                created.Currency,
                created.OccurredAt,
                [entry])),
            (null, _) => new ProjectionResult.Invalid(
                $"version 1 of order {change.OrderId} must be orders.created, was {change.GetType().Name}"),
            _ => new ProjectionResult.Applied(view with
            {
                Status = change.StatusAfter,
                Version = change.Version,
                UpdatedAt = change.OccurredAt,
                History = [.. view.History, entry],
            }),
        };
    }
}
