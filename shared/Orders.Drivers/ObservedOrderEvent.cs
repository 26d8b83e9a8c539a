using Orders.Contracts;
using Orders.Contracts.Messaging;

namespace Orders.Drivers;

/// <summary>An event read from ORDERS by an <see cref="OrderEventWatch"/>.</summary>
/// <param name="Subject">e.g. <c>orders.paid</c>.</param>
/// <param name="Event">The decoded contract event.</param>
/// <param name="StreamSequence">Its sequence in ORDERS.</param>
/// <param name="Pending">Messages of the watch's filter still to come after this one (0 = caught up).</param>
/// <param name="ReceivedAt">When it arrived (<see cref="TimeProvider.GetTimestamp"/> of the watch's clock).</param>
internal sealed record ObservedOrderEvent(string Subject, IOrderEvent Event, ulong StreamSequence, ulong Pending, long ReceivedAt)
{
    public string OrderId => Event.OrderId;

    /// <summary>The last subject token: <c>created</c>, <c>paid</c>, <c>update-rejected</c>, ...</summary>
    public string Type => Subjects.LastToken(Subject);

    /// <summary>The order's version after the event; null for a rejection (it changes nothing).</summary>
    public int? Version => (Event as IVersionedOrderEvent)?.Version;

    /// <summary>The update-status request the event answers, if it answers one.</summary>
    public string? RequestId => Event switch
    {
        OrderShipped e => e.RequestId,
        OrderDelivered e => e.RequestId,
        OrderCancelled e => e.RequestId,
        OrderUpdateRejected e => e.RequestId,
        _ => null,
    };

    /// <summary>True for <c>orders.paid</c> and <c>orders.payment-failed</c>: the payment is decided.</summary>
    public bool IsPaymentOutcome => Event is OrderPaid or OrderPaymentFailed;
}
