using Orders.Contracts;

namespace Orders.OrderService.Domain;

/// <summary>
/// What the order actor must do with one message, as decided by <see cref="OrderDecider"/>.
/// A closed set: switch over the nested records.
/// </summary>
public abstract record OrderDecision
{
    private OrderDecision()
    {
    }

    /// <summary>
    /// Accepted change (including creation): in one transaction store <see cref="State"/>
    /// (guarded by the previous version) and put <see cref="Event"/> in the outbox.
    /// </summary>
    public sealed record Apply(IVersionedOrderEvent Event, Order State) : OrderDecision;

    /// <summary>
    /// Refused update-status: put <see cref="Event"/> in the outbox and, when not null, store
    /// <see cref="State"/> (same version; it only remembers the request id). State is null for
    /// an unknown order.
    /// </summary>
    public sealed record Reject(OrderUpdateRejected Event, Order? State) : OrderDecision;

    /// <summary>A duplicate or redelivery of something already applied: acknowledge, change nothing.</summary>
    public sealed record AlreadyApplied : OrderDecision
    {
        public static AlreadyApplied Instance { get; } = new();

        private AlreadyApplied()
        {
        }
    }

    /// <summary>Valid and expected, but nothing for the order to do (<see cref="Why"/> is for the log): acknowledge.</summary>
    public sealed record Ignore(string Why) : OrderDecision;

    /// <summary>The message cannot be processed (invalid, conflicting, contradictory): dead-letter it with <see cref="Reason"/>.</summary>
    public sealed record DeadLetter(string Reason) : OrderDecision;
}
