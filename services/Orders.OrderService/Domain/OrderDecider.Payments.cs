using Orders.Contracts;
using Orders.Contracts.Messaging;

namespace Orders.OrderService.Domain;

public static partial class OrderDecider
{
    /// <summary>Dispatches a payment event to its rule below.</summary>
    public static OrderDecision Decide(Order? state, IPaymentEvent paymentEvent, DateTimeOffset occurredAt) => paymentEvent switch
    {
        PaymentCaptured captured => Decide(state, captured, occurredAt),
        PaymentDeclined declined => Decide(state, declined, occurredAt),
        PaymentRefunded refunded => Decide(state, refunded),
        null => throw new ArgumentNullException(nameof(paymentEvent)),
        _ => throw new ArgumentException($"{paymentEvent.GetType().Name} is not a payment event of the contract.", nameof(paymentEvent)),
    };

    /// <summary>
    /// <c>payments.captured</c>: a Created order becomes Paid. A capture that arrives after the
    /// order was cancelled does not make it Paid: the order stays Cancelled and payment-service,
    /// which sees the cancellation too, refunds the money.
    /// </summary>
    public static OrderDecision Decide(Order? state, PaymentCaptured captured, DateTimeOffset occurredAt)
    {
        ArgumentNullException.ThrowIfNull(captured);
        EnsureSameOrder(state, captured.OrderId);
        if (state is null)
        {
            return new OrderDecision.DeadLetter($"payment captured for order {captured.OrderId}, which this service does not know");
        }

        switch (state.Status)
        {
            case OrderStatus.Created when captured.Amount != state.Total || captured.Currency != state.Currency:
                return new OrderDecision.DeadLetter(
                    $"captured {captured.Amount} {captured.Currency} for order {state.OrderId}, whose total is {state.Total} {state.Currency}");

            case OrderStatus.Created:
                var version = state.Version + 1;
                var paid = new OrderPaid(
                    EventIds.ForOrderEvent(Subjects.Orders.Paid, state.OrderId, version),
                    state.OrderId,
                    version,
                    occurredAt,
                    captured.PaymentId,
                    captured.Amount,
                    captured.Currency);
                return new OrderDecision.Apply(
                    paid,
                    state.Apply(paid) with { PaymentId = captured.PaymentId });

            case OrderStatus.Paid or OrderStatus.Shipped or OrderStatus.Delivered:
            case OrderStatus.Cancelled when state.PaymentId is not null:
                return OrderDecision.AlreadyApplied.Instance;

            case OrderStatus.Cancelled:
                return new OrderDecision.Ignore(
                    $"order {state.OrderId} was cancelled before its payment was captured; payment-service refunds it");

            default:
                return new OrderDecision.DeadLetter(
                    $"payment captured for order {state.OrderId}, whose payment had failed; the money needs a manual refund");
        }
    }

    /// <summary>
    /// <c>payments.declined</c>: a Created order becomes PaymentFailed. A decline for a cancelled
    /// order (reason <c>cancelled</c>: payment-service saw the cancellation first) changes nothing.
    /// </summary>
    public static OrderDecision Decide(Order? state, PaymentDeclined declined, DateTimeOffset occurredAt)
    {
        ArgumentNullException.ThrowIfNull(declined);
        EnsureSameOrder(state, declined.OrderId);
        if (state is null)
        {
            return new OrderDecision.DeadLetter($"payment declined for order {declined.OrderId}, which this service does not know");
        }

        switch (state.Status)
        {
            case OrderStatus.Created:
                var version = state.Version + 1;
                var failed = new OrderPaymentFailed(
                    EventIds.ForOrderEvent(Subjects.Orders.PaymentFailed, state.OrderId, version),
                    state.OrderId,
                    version,
                    occurredAt,
                    declined.PaymentId,
                    declined.Reason);
                return new OrderDecision.Apply(
                    failed,
                    state.Apply(failed) with { PaymentId = declined.PaymentId });

            case OrderStatus.PaymentFailed:
                return OrderDecision.AlreadyApplied.Instance;

            case OrderStatus.Cancelled when state.PaymentId is null:
                return new OrderDecision.Ignore($"order {state.OrderId} was cancelled; nothing was charged");

            default:
                return new OrderDecision.DeadLetter(
                    $"payment declined for order {state.OrderId}, which is already {state.Status} after a capture");
        }
    }

    /// <summary>
    /// <c>payments.refunded</c>: the order is already Cancelled (that is why it was refunded)
    /// and the lifecycle has no refunded state, so nothing changes.
    /// </summary>
    public static OrderDecision Decide(Order? state, PaymentRefunded refunded)
    {
        ArgumentNullException.ThrowIfNull(refunded);
        EnsureSameOrder(state, refunded.OrderId);
        return new OrderDecision.Ignore($"refund of order {refunded.OrderId} needs no order change");
    }
}
