using Orders.Contracts;
using Orders.OrderService.Domain;
using static Orders.OrderService.Tests.Domain.OrderScenario;

namespace Orders.OrderService.Tests.Domain;

public sealed class PaymentOutcomeDecisionTests
{
    private static readonly DateTimeOffset Later = T0.AddMinutes(10);

    public enum Outcome
    {
        Apply,
        AlreadyApplied,
        Ignore,
        DeadLetter,
    }

    public static TheoryData<OrderStatus, Outcome> CaptureByStatus => new()
    {
        { OrderStatus.Created, Outcome.Apply },
        { OrderStatus.Paid, Outcome.AlreadyApplied },
        { OrderStatus.Shipped, Outcome.AlreadyApplied },
        { OrderStatus.Delivered, Outcome.AlreadyApplied },
        { OrderStatus.Cancelled, Outcome.Ignore },
        { OrderStatus.PaymentFailed, Outcome.DeadLetter },
    };

    [Theory]
    [MemberData(nameof(CaptureByStatus))]
    public void Decide_CaptureInEveryStatus_IsAsTheLifecycleSays(OrderStatus status, Outcome expected)
    {
        var decision = OrderDecider.Decide(InStatus(status), Captured(), Later);

        Assert.Equal(expected, OutcomeOf(decision));
    }

    public static TheoryData<OrderStatus, Outcome> DeclineByStatus => new()
    {
        { OrderStatus.Created, Outcome.Apply },
        { OrderStatus.PaymentFailed, Outcome.AlreadyApplied },
        { OrderStatus.Cancelled, Outcome.Ignore },
        { OrderStatus.Paid, Outcome.DeadLetter },
        { OrderStatus.Shipped, Outcome.DeadLetter },
        { OrderStatus.Delivered, Outcome.DeadLetter },
    };

    [Theory]
    [MemberData(nameof(DeclineByStatus))]
    public void Decide_DeclineInEveryStatus_IsAsTheLifecycleSays(OrderStatus status, Outcome expected)
    {
        var decision = OrderDecider.Decide(InStatus(status), Declined(DeclineReasons.Cancelled), Later);

        Assert.Equal(expected, OutcomeOf(decision));
    }

    [Theory]
    [InlineData(OrderStatus.Created)]
    [InlineData(OrderStatus.Paid)]
    [InlineData(OrderStatus.PaymentFailed)]
    [InlineData(OrderStatus.Shipped)]
    [InlineData(OrderStatus.Delivered)]
    [InlineData(OrderStatus.Cancelled)]
    public void Decide_RefundInEveryStatus_ChangesNothing(OrderStatus status)
    {
        var decision = OrderDecider.Decide(InStatus(status), Refunded());

        Assert.IsType<OrderDecision.Ignore>(decision);
    }

    [Fact]
    public void Decide_CaptureForCreatedOrder_PublishesPaidAtVersion2()
    {
        var decision = OrderDecider.Decide(Created(), Captured(), Later);

        var apply = Assert.IsType<OrderDecision.Apply>(decision);
        Assert.Equal(new OrderPaid("paid:o-42:2", OrderId, 2, Later, "pay-o-42", 39.98m, "USD"), apply.Event);
        Assert.Equal(OrderStatus.Paid, apply.State.Status);
        Assert.Equal(2, apply.State.Version);
        Assert.Equal("pay-o-42", apply.State.PaymentId);
    }

    [Fact]
    public void Decide_DeclineForCreatedOrder_PublishesPaymentFailedWithTheReason()
    {
        var decision = OrderDecider.Decide(Created(), Declined(DeclineReasons.LimitExceeded), Later);

        var apply = Assert.IsType<OrderDecision.Apply>(decision);
        Assert.Equal(new OrderPaymentFailed("payment-failed:o-42:2", OrderId, 2, Later, "pay-o-42", "limit-exceeded"), apply.Event);
        Assert.Equal(OrderStatus.PaymentFailed, apply.State.Status);
        Assert.True(apply.State.IsTerminal);
    }

    [Fact]
    public void Decide_CaptureAfterCancellation_NeverMakesTheOrderPaid()
    {
        var cancelled = InStatus(OrderStatus.Cancelled);

        var decision = OrderDecider.Decide(cancelled, Captured(), Later);

        var ignore = Assert.IsType<OrderDecision.Ignore>(decision);
        Assert.Contains("payment-service refunds it", ignore.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_CaptureRedeliveredAfterPaidThenCancelled_IsAlreadyApplied()
    {
        Assert.IsType<OrderDecision.AlreadyApplied>(OrderDecider.Decide(CancelledAfterPayment(), Captured(), Later));
    }

    [Fact]
    public void Decide_DeclineAfterPaidThenCancelled_IsDeadLettered()
    {
        Assert.IsType<OrderDecision.DeadLetter>(OrderDecider.Decide(CancelledAfterPayment(), Declined(), Later));
    }

    [Fact]
    public void Decide_CaptureOfAnotherAmount_IsDeadLettered()
    {
        var decision = OrderDecider.Decide(Created(), Captured(amount: 10m), Later);

        var dead = Assert.IsType<OrderDecision.DeadLetter>(decision);
        Assert.Equal("captured 10 USD for order o-42, whose total is 39.98 USD", dead.Reason);
    }

    [Fact]
    public void Decide_CaptureInAnotherCurrency_IsDeadLettered()
    {
        Assert.IsType<OrderDecision.DeadLetter>(OrderDecider.Decide(Created(), Captured(currency: "EUR"), Later));
    }

    [Fact]
    public void Decide_PaymentForUnknownOrder_IsDeadLettered()
    {
        Assert.IsType<OrderDecision.DeadLetter>(OrderDecider.Decide(null, Captured(), Later));
        Assert.IsType<OrderDecision.DeadLetter>(OrderDecider.Decide(null, Declined(), Later));
    }

    [Fact]
    public void Decide_PaymentEventThroughTheInterface_DispatchesToItsRule()
    {
        IPaymentEvent captured = Captured();

        var decision = OrderDecider.Decide(Created(), captured, Later);

        Assert.IsType<OrderPaid>(Assert.IsType<OrderDecision.Apply>(decision).Event);
    }

    [Fact]
    public void Decide_CancellationRacingCapture_EitherOrderEndsCancelledOrPaidButNeverBoth()
    {
        // Cancellation first: the late capture is ignored and the order stays Cancelled.
        var cancelledFirst = Applied(OrderDecider.Decide(Created(), Update(OrderStatus.Cancelled, "r-c"), Later));
        Assert.IsType<OrderDecision.Ignore>(OrderDecider.Decide(cancelledFirst, Captured(), Later.AddSeconds(1)));

        // Capture first: the order is Paid, and the cancellation still applies from Paid.
        var paidFirst = Applied(OrderDecider.Decide(Created(), Captured(), Later));
        var cancelledAfter = Applied(OrderDecider.Decide(paidFirst, Update(OrderStatus.Cancelled, "r-c"), Later.AddSeconds(1)));
        Assert.Equal(OrderStatus.Cancelled, cancelledAfter.Status);
        Assert.Equal(3, cancelledAfter.Version);
    }

    private static Outcome OutcomeOf(OrderDecision decision) => decision switch
    {
        OrderDecision.Apply => Outcome.Apply,
        OrderDecision.AlreadyApplied => Outcome.AlreadyApplied,
        OrderDecision.Ignore => Outcome.Ignore,
        OrderDecision.DeadLetter => Outcome.DeadLetter,
        _ => throw new ArgumentException(decision.GetType().Name),
    };
}
