using Orders.Contracts;
using Orders.Contracts.Messaging;

namespace Orders.PaymentService.Domain;

/// <summary>
/// The payment rules of the contract as pure functions. The gateway call is I/O, so it is
/// split in two pure steps around it: <see cref="Decide(Payment?, OrderCreated, PaymentPolicy, DateTimeOffset)"/>
/// returns a <see cref="PaymentDecision.Charge"/> intention, the actor calls the gateway, and
/// <see cref="ApplyGatewayOutcome"/> turns the answer into events.
/// <para>The guarantees, and where they come from:</para>
/// <list type="bullet">
/// <item>Never captured twice: one payment id per order, used as the gateway's idempotency
/// key, and a capture is applied only to a payment that is not yet Captured or Refunded.</item>
/// <item>Never left charged after a cancellation: a cancellation seen first is remembered and
/// turns the later <c>orders.created</c> into a decline (<c>cancelled</c>); seen after the
/// capture, it refunds once (Refunded is final); seen while a charge is under way, the capture
/// that comes back is refunded at once.</item>
/// </list>
/// Assumption (true for the simulated gateway): a transient failure means nothing was taken.
/// </summary>
public static class PaymentDecider
{
    /// <summary>
    /// <c>orders.created</c>: decline if the cancellation was seen first (<c>cancelled</c>) or the
    /// total is above the limit (<c>limit-exceeded</c>); otherwise charge. A payment already
    /// decided is a duplicate. A Pending payment is charged again (a retry after a transient
    /// failure or a crash): the gateway's idempotency key makes that safe. That includes a payment
    /// whose cancellation arrived while its charge was under way (<see cref="Payment.ChargeStarted"/>):
    /// the money may already be taken, so it is captured and refunded rather than declined.
    /// </summary>
    public static PaymentDecision Decide(Payment? state, OrderCreated created, PaymentPolicy policy, DateTimeOffset occurredAt)
    {
        ArgumentNullException.ThrowIfNull(created);
        ArgumentNullException.ThrowIfNull(policy);
        EnsureSameOrder(state, created.OrderId);

        if (state is { Status: not PaymentStatus.Pending })
        {
            return PaymentDecision.AlreadyApplied.Instance;
        }

        var pending = (state ?? NewPayment(created.OrderId)) with { Amount = created.Total, Currency = created.Currency };

        // A charge stored as under way may have taken the money even though its answer never came
        // back (the process crashed, the commit kept losing races, the ask timed out). Declining now
        // would leave that money taken for a cancelled order, so charge again with the same key: the
        // gateway returns the earlier capture (or takes it now), and ApplyGatewayOutcome refunds it.
        if (pending.CancelSeen && state is not { ChargeStarted: true })
        {
            return Decline(pending, DeclineReasons.Cancelled, occurredAt);
        }

        if (created.Total > policy.DeclineAbove)
        {
            return Decline(pending, DeclineReasons.LimitExceeded, occurredAt);
        }

        return new PaymentDecision.Charge(
            pending,
            new ChargeRequest(pending.PaymentId, created.OrderId, created.Total, created.Currency));
    }

    /// <summary>
    /// <c>orders.cancelled</c>: refund exactly once if captured; otherwise remember the
    /// cancellation so the money is never taken.
    /// </summary>
    public static PaymentDecision Decide(Payment? state, OrderCancelled cancelled, DateTimeOffset occurredAt)
    {
        ArgumentNullException.ThrowIfNull(cancelled);
        EnsureSameOrder(state, cancelled.OrderId);

        return state switch
        {
            null => new PaymentDecision.Record(NewPayment(cancelled.OrderId) with { CancelSeen = true }),
            { Status: PaymentStatus.Pending, CancelSeen: false } => new PaymentDecision.Record(state with { CancelSeen = true }),
            { Status: PaymentStatus.Pending } => PaymentDecision.AlreadyApplied.Instance,
            { Status: PaymentStatus.Captured } => new PaymentDecision.Emit(
                state with { Status = PaymentStatus.Refunded, CancelSeen = true },
                [Refunded(state, occurredAt)]),
            { Status: PaymentStatus.Refunded } => PaymentDecision.AlreadyApplied.Instance,
            _ => new PaymentDecision.Ignore($"payment of order {state.OrderId} was declined; nothing to refund"),
        };
    }

    /// <summary>
    /// The second step of a charge: what the gateway's answer means for the payment as it is
    /// now. <paramref name="state"/> must be freshly loaded if the actor lost a concurrency race
    /// while the gateway was called, because a cancellation may have arrived in between.
    /// </summary>
    public static PaymentDecision ApplyGatewayOutcome(Payment? state, ChargeRequest request, GatewayOutcome outcome, DateTimeOffset occurredAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(outcome);
        EnsureSameOrder(state, request.OrderId);

        // Already settled by another attempt: the gateway returned that same single capture.
        if (state is { Status: PaymentStatus.Captured or PaymentStatus.Refunded })
        {
            return PaymentDecision.AlreadyApplied.Instance;
        }

        if (outcome is GatewayOutcome.TransientFailure failure)
        {
            return new PaymentDecision.Retry($"gateway failed for payment {request.PaymentId}: {failure.Reason}");
        }

        var charged = (state ?? NewPayment(request.OrderId)) with
        {
            Status = PaymentStatus.Captured,
            Amount = request.Amount,
            Currency = request.Currency,
            DeclineReason = null,
        };
        var captured = new PaymentCaptured(
            EventIds.ForPaymentEvent(Subjects.Payments.Captured, request.OrderId),
            request.PaymentId,
            request.OrderId,
            request.Amount,
            request.Currency,
            occurredAt);

        // The order was cancelled while the gateway was busy (or the payment was declined for
        // that reason meanwhile): the money is in, so it goes straight back.
        if (state is { CancelSeen: true } or { Status: PaymentStatus.Declined })
        {
            return new PaymentDecision.Emit(
                charged with { Status = PaymentStatus.Refunded, CancelSeen = true },
                [captured, Refunded(charged, occurredAt)]);
        }

        return new PaymentDecision.Emit(charged, [captured]);
    }

    private static PaymentDecision.Emit Decline(Payment pending, string reason, DateTimeOffset occurredAt)
    {
        var declined = new PaymentDeclined(
            EventIds.ForPaymentEvent(Subjects.Payments.Declined, pending.OrderId),
            pending.PaymentId,
            pending.OrderId,
            reason,
            occurredAt);
        return new PaymentDecision.Emit(pending with { Status = PaymentStatus.Declined, DeclineReason = reason }, [declined]);
    }

    private static PaymentRefunded Refunded(Payment captured, DateTimeOffset occurredAt) => new(
        EventIds.ForPaymentEvent(Subjects.Payments.Refunded, captured.OrderId),
        captured.PaymentId,
        captured.OrderId,
        captured.Amount ?? throw new InvalidOperationException($"Captured payment {captured.PaymentId} has no amount."),
        captured.Currency ?? throw new InvalidOperationException($"Captured payment {captured.PaymentId} has no currency."),
        occurredAt);

    private static Payment NewPayment(string orderId) =>
        new(orderId, PaymentIds.For(orderId), PaymentStatus.Pending, Amount: null, Currency: null, CancelSeen: false, DeclineReason: null);

    // A state for another order is a routing bug in the caller, never a message problem.
    private static void EnsureSameOrder(Payment? state, string orderId)
    {
        if (state is not null && !string.Equals(state.OrderId, orderId, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The state of order {state.OrderId} was passed with a message for order {orderId}.", nameof(state));
        }
    }
}
