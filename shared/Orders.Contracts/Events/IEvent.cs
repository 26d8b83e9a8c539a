namespace Orders.Contracts;

/// <summary>What every event of the system carries.</summary>
public interface IEvent
{
    /// <summary>Deterministic id of the logical event, also its <c>Nats-Msg-Id</c> (see <see cref="Messaging.EventIds"/>).</summary>
    string EventId { get; }

    /// <summary>The order the event belongs to; actors are keyed by it.</summary>
    string OrderId { get; }

    /// <summary>When the event happened (UTC, millisecond precision on the wire).</summary>
    DateTimeOffset OccurredAt { get; }
}

/// <summary>An event on the ORDERS stream (<c>orders.*</c>), published by order-service.</summary>
public interface IOrderEvent : IEvent;

/// <summary>
/// An order event that changed the order: it carries the order's new <see cref="Version"/>
/// (1 at creation, +1 per accepted change) and implies the <see cref="StatusAfter"/>.
/// Consumers apply these strictly in version order.
/// </summary>
public interface IVersionedOrderEvent : IOrderEvent
{
    /// <summary>The order's version after this event.</summary>
    int Version { get; }

    /// <summary>The order's status after this event (not on the wire: implied by the event type).</summary>
    OrderStatus StatusAfter { get; }
}

/// <summary>An event on the PAYMENTS stream (<c>payments.*</c>), published by payment-service.</summary>
public interface IPaymentEvent : IEvent
{
    /// <summary><c>pay-&lt;orderId&gt;</c>: one payment per order.</summary>
    string PaymentId { get; }
}
