using Orders.Contracts;
using Orders.PaymentService.Domain;

namespace Orders.PaymentService.Tests.Domain;

public sealed class PaymentDeciderTests
{
    private const string OrderId = "o-42";
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = T0.AddMinutes(1);

    [Fact]
    public void Decide_CreatedUnderTheLimit_ChargesTheTotal()
    {
        var decision = PaymentDecider.Decide(null, Created(39.98m), PaymentPolicy.Default, Later);

        var charge = Assert.IsType<PaymentDecision.Charge>(decision);
        Assert.Equal(new ChargeRequest("pay-o-42", OrderId, 39.98m, "USD"), charge.Request);
        Assert.Equal(new Payment(OrderId, "pay-o-42", PaymentStatus.Pending, 39.98m, "USD", CancelSeen: false, DeclineReason: null), charge.State);
    }

    [Fact]
    public void Decide_TotalExactlyAtTheLimit_Charges()
    {
        Assert.IsType<PaymentDecision.Charge>(PaymentDecider.Decide(null, Created(1000.00m), PaymentPolicy.Default, Later));
    }

    [Fact]
    public void Decide_TotalAboveTheLimit_DeclinesWithLimitExceeded()
    {
        var decision = PaymentDecider.Decide(null, Created(1000.01m), PaymentPolicy.Default, Later);

        var emit = Assert.IsType<PaymentDecision.Emit>(decision);
        Assert.Equal([new PaymentDeclined("declined:o-42", "pay-o-42", OrderId, DeclineReasons.LimitExceeded, Later)], emit.Events);
        Assert.Equal(PaymentStatus.Declined, emit.State.Status);
        Assert.Equal(DeclineReasons.LimitExceeded, emit.State.DeclineReason);
    }

    [Fact]
    public void Decide_ConfiguredLowerLimit_IsUsed()
    {
        var decision = PaymentDecider.Decide(null, Created(50.01m), new PaymentPolicy(DeclineAbove: 50m), Later);

        Assert.IsType<PaymentDecision.Emit>(decision);
    }

    [Fact]
    public void Decide_CancellationBeforeCreation_RemembersIt()
    {
        var decision = PaymentDecider.Decide(null, Cancelled(), Later);

        var record = Assert.IsType<PaymentDecision.Record>(decision);
        Assert.Equal(new Payment(OrderId, "pay-o-42", PaymentStatus.Pending, null, null, CancelSeen: true, DeclineReason: null), record.State);
    }

    [Fact]
    public void Decide_CreatedAfterCancellationWasSeen_DeclinesWithCancelledAndNeverCharges()
    {
        var cancelSeen = Assert.IsType<PaymentDecision.Record>(PaymentDecider.Decide(null, Cancelled(), T0)).State;

        var decision = PaymentDecider.Decide(cancelSeen, Created(39.98m), PaymentPolicy.Default, Later);

        var emit = Assert.IsType<PaymentDecision.Emit>(decision);
        Assert.Equal([new PaymentDeclined("declined:o-42", "pay-o-42", OrderId, DeclineReasons.Cancelled, Later)], emit.Events);
        Assert.Equal(PaymentStatus.Declined, emit.State.Status);
        Assert.Equal(39.98m, emit.State.Amount);
    }

    [Theory]
    [InlineData(PaymentStatus.Captured)]
    [InlineData(PaymentStatus.Declined)]
    [InlineData(PaymentStatus.Refunded)]
    public void Decide_CreatedAgainOnceDecided_IsAlreadyApplied(PaymentStatus status)
    {
        var decided = Pending() with { Status = status };

        Assert.IsType<PaymentDecision.AlreadyApplied>(PaymentDecider.Decide(decided, Created(39.98m), PaymentPolicy.Default, Later));
    }

    [Fact]
    public void Decide_CreatedAgainWhilePending_ChargesAgainWithTheSameIdempotencyKey()
    {
        var decision = PaymentDecider.Decide(Pending(), Created(39.98m), PaymentPolicy.Default, Later);

        Assert.Equal("pay-o-42", Assert.IsType<PaymentDecision.Charge>(decision).Request.PaymentId);
    }

    // The stored charge may have taken the money (its answer was lost in a crash, a retried commit or
    // an ask timeout): declining would leave a cancelled order charged. Charging again with the same
    // key returns that capture, and ApplyGatewayOutcome refunds it (CancellationRaceTests, "K").
    [Fact]
    public void Decide_CreatedAgainAfterCancelWhileChargeUnderWay_ChargesAgainWithTheSameKey()
    {
        var decision = PaymentDecider.Decide(Pending() with { CancelSeen = true }, Created(39.98m), PaymentPolicy.Default, Later);

        Assert.Equal(Request(), Assert.IsType<PaymentDecision.Charge>(decision).Request);
    }

    [Fact]
    public void Decide_CancellationOfCapturedPayment_RefundsTheAmount()
    {
        var decision = PaymentDecider.Decide(Captured(), Cancelled(), Later);

        var emit = Assert.IsType<PaymentDecision.Emit>(decision);
        Assert.Equal([new PaymentRefunded("refunded:o-42", "pay-o-42", OrderId, 39.98m, "USD", Later)], emit.Events);
        Assert.Equal(PaymentStatus.Refunded, emit.State.Status);
    }

    [Fact]
    public void Decide_CancellationAgainAfterRefund_RefundsNothingMore()
    {
        var refunded = Assert.IsType<PaymentDecision.Emit>(PaymentDecider.Decide(Captured(), Cancelled(), Later)).State;

        Assert.IsType<PaymentDecision.AlreadyApplied>(PaymentDecider.Decide(refunded, Cancelled(), Later.AddMinutes(1)));
    }

    [Fact]
    public void Decide_CancellationWhilePending_RemembersItOnce()
    {
        var first = PaymentDecider.Decide(Pending(), Cancelled(), Later);
        var marked = Assert.IsType<PaymentDecision.Record>(first).State;

        Assert.True(marked.CancelSeen);
        Assert.Equal(PaymentStatus.Pending, marked.Status);
        Assert.IsType<PaymentDecision.AlreadyApplied>(PaymentDecider.Decide(marked, Cancelled(), Later));
    }

    [Fact]
    public void Decide_CancellationOfDeclinedPayment_HasNothingToRefund()
    {
        var declined = Pending() with { Status = PaymentStatus.Declined, DeclineReason = DeclineReasons.LimitExceeded };

        Assert.IsType<PaymentDecision.Ignore>(PaymentDecider.Decide(declined, Cancelled(), Later));
    }

    [Fact]
    public void ApplyGatewayOutcome_CapturedForPending_PublishesCaptured()
    {
        var decision = PaymentDecider.ApplyGatewayOutcome(Pending(), Request(), GatewayOutcome.Captured.Instance, Later);

        var emit = Assert.IsType<PaymentDecision.Emit>(decision);
        Assert.Equal([new PaymentCaptured("captured:o-42", "pay-o-42", OrderId, 39.98m, "USD", Later)], emit.Events);
        Assert.Equal(PaymentStatus.Captured, emit.State.Status);
    }

    [Fact]
    public void ApplyGatewayOutcome_CapturedWithoutStoredState_StillPublishesCaptured()
    {
        var emit = Assert.IsType<PaymentDecision.Emit>(
            PaymentDecider.ApplyGatewayOutcome(null, Request(), GatewayOutcome.Captured.Instance, Later));

        Assert.Equal(new Payment(OrderId, "pay-o-42", PaymentStatus.Captured, 39.98m, "USD", false, null), emit.State);
    }

    [Fact]
    public void ApplyGatewayOutcome_TransientFailure_RetriesWithoutChange()
    {
        var decision = PaymentDecider.ApplyGatewayOutcome(Pending(), Request(), new GatewayOutcome.TransientFailure("timeout"), Later);

        Assert.Equal("gateway failed for payment pay-o-42: timeout", Assert.IsType<PaymentDecision.Retry>(decision).Reason);
    }

    [Fact]
    public void ApplyGatewayOutcome_CapturedAfterCancellationArrivedDuringTheCall_CapturesAndRefunds()
    {
        var decision = PaymentDecider.ApplyGatewayOutcome(Pending() with { CancelSeen = true }, Request(), GatewayOutcome.Captured.Instance, Later);

        var emit = Assert.IsType<PaymentDecision.Emit>(decision);
        Assert.Collection(
            emit.Events,
            e => Assert.IsType<PaymentCaptured>(e),
            e => Assert.Equal(new PaymentRefunded("refunded:o-42", "pay-o-42", OrderId, 39.98m, "USD", Later), e));
        Assert.Equal(PaymentStatus.Refunded, emit.State.Status);
    }

    [Fact]
    public void ApplyGatewayOutcome_CapturedAfterADeclineRaced_GivesTheMoneyBack()
    {
        var declined = Pending() with { Status = PaymentStatus.Declined, CancelSeen = true, DeclineReason = DeclineReasons.Cancelled };

        var emit = Assert.IsType<PaymentDecision.Emit>(
            PaymentDecider.ApplyGatewayOutcome(declined, Request(), GatewayOutcome.Captured.Instance, Later));

        Assert.Equal([typeof(PaymentCaptured), typeof(PaymentRefunded)], emit.Events.Select(e => e.GetType()));
        Assert.Equal(PaymentStatus.Refunded, emit.State.Status);
        Assert.Null(emit.State.DeclineReason);
    }

    [Theory]
    [InlineData(PaymentStatus.Captured)]
    [InlineData(PaymentStatus.Refunded)]
    public void ApplyGatewayOutcome_AlreadySettled_NeverCapturesTwice(PaymentStatus status)
    {
        var settled = Pending() with { Status = status };

        Assert.IsType<PaymentDecision.AlreadyApplied>(
            PaymentDecider.ApplyGatewayOutcome(settled, Request(), GatewayOutcome.Captured.Instance, Later));
        Assert.IsType<PaymentDecision.AlreadyApplied>(
            PaymentDecider.ApplyGatewayOutcome(settled, Request(), new GatewayOutcome.TransientFailure("late"), Later));
    }

    [Fact]
    public void Decide_StateOfAnotherOrder_Throws()
    {
        Assert.Throws<ArgumentException>(() => PaymentDecider.Decide(Pending() with { OrderId = "o-1" }, Cancelled(), Later));
    }

    internal static OrderCreated Created(decimal total) =>
        new($"created:{OrderId}:1", OrderId, 1, T0, "c-7", [new OrderItem("SKU-1", 1, total)], total, "USD");

    internal static OrderCancelled Cancelled() => new($"cancelled:{OrderId}:2", OrderId, 2, T0, "r-1");

    private static ChargeRequest Request() => new("pay-o-42", OrderId, 39.98m, "USD");

    private static Payment Pending() =>
        new(OrderId, "pay-o-42", PaymentStatus.Pending, 39.98m, "USD", CancelSeen: false, DeclineReason: null);

    private static Payment Captured() => Pending() with { Status = PaymentStatus.Captured };
}
