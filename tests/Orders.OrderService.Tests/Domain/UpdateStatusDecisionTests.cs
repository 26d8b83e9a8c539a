using Orders.Contracts;
using Orders.OrderService.Domain;
using static Orders.OrderService.Tests.Domain.OrderScenario;

namespace Orders.OrderService.Tests.Domain;

public sealed class UpdateStatusDecisionTests
{
    private static readonly DateTimeOffset Later = T0.AddMinutes(10);

    /// <summary>Every current status x every requestable status, and what the lifecycle says.</summary>
    public static TheoryData<OrderStatus, OrderStatus, bool> Transitions => new()
    {
        { OrderStatus.Created, OrderStatus.Shipped, false },
        { OrderStatus.Created, OrderStatus.Delivered, false },
        { OrderStatus.Created, OrderStatus.Cancelled, true },
        { OrderStatus.Paid, OrderStatus.Shipped, true },
        { OrderStatus.Paid, OrderStatus.Delivered, false },
        { OrderStatus.Paid, OrderStatus.Cancelled, true },
        { OrderStatus.PaymentFailed, OrderStatus.Shipped, false },
        { OrderStatus.PaymentFailed, OrderStatus.Delivered, false },
        { OrderStatus.PaymentFailed, OrderStatus.Cancelled, false },
        { OrderStatus.Shipped, OrderStatus.Shipped, false },
        { OrderStatus.Shipped, OrderStatus.Delivered, true },
        { OrderStatus.Shipped, OrderStatus.Cancelled, false },
        { OrderStatus.Delivered, OrderStatus.Shipped, false },
        { OrderStatus.Delivered, OrderStatus.Delivered, false },
        { OrderStatus.Delivered, OrderStatus.Cancelled, false },
        { OrderStatus.Cancelled, OrderStatus.Shipped, false },
        { OrderStatus.Cancelled, OrderStatus.Delivered, false },
        { OrderStatus.Cancelled, OrderStatus.Cancelled, false },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Decide_EveryStatusAndRequest_FollowsTheLifecycle(OrderStatus current, OrderStatus requested, bool allowed)
    {
        var state = InStatus(current);

        var decision = OrderDecider.Decide(state, Update(requested, "r-new"), Later);

        if (allowed)
        {
            var apply = Assert.IsType<OrderDecision.Apply>(decision);
            Assert.Equal(requested, apply.Event.StatusAfter);
            Assert.Equal(state.Version + 1, apply.Event.Version);
            Assert.Equal(requested, apply.State.Status);
            Assert.Equal(state.Version + 1, apply.State.Version);
        }
        else
        {
            var reject = Assert.IsType<OrderDecision.Reject>(decision);
            Assert.Equal(RejectionReasons.InvalidTransition, reject.Event.Reason);
            Assert.Equal(current, reject.Event.CurrentStatus);
            Assert.Equal(state.Version, reject.Event.CurrentVersion);
            Assert.Equal(state.Version, reject.State!.Version);
            Assert.Equal(current, reject.State.Status);
        }
    }

    [Theory]
    [InlineData(OrderStatus.Shipped, typeof(OrderShipped), "shipped:o-42:3")]
    [InlineData(OrderStatus.Cancelled, typeof(OrderCancelled), "cancelled:o-42:3")]
    public void Decide_AcceptedFromPaid_PublishesTheEventWithRequestId(OrderStatus requested, Type eventType, string eventId)
    {
        var decision = OrderDecider.Decide(InStatus(OrderStatus.Paid), Update(requested, "r-9"), Later);

        var apply = Assert.IsType<OrderDecision.Apply>(decision);
        Assert.IsType(eventType, apply.Event);
        Assert.Equal(eventId, apply.Event.EventId);
        Assert.Equal(Later, apply.Event.OccurredAt);
        Assert.Equal("r-9", RequestIdOf(apply.Event));
        Assert.Contains("r-9", apply.State.HandledRequestIds);
        Assert.Equal(Later, apply.State.UpdatedAt);
    }

    [Fact]
    public void Decide_FullLifecycle_VersionGrowsByExactlyOne()
    {
        var created = Created();
        var paid = Applied(OrderDecider.Decide(created, Captured(), T0.AddSeconds(1)));
        var shippedDecision = Assert.IsType<OrderDecision.Apply>(OrderDecider.Decide(paid, Update(OrderStatus.Shipped, "r-1"), T0.AddSeconds(2)));
        var deliveredDecision = Assert.IsType<OrderDecision.Apply>(OrderDecider.Decide(shippedDecision.State, Update(OrderStatus.Delivered, "r-2"), T0.AddSeconds(3)));

        Assert.Equal([1, 2, 3, 4], [created.Version, paid.Version, shippedDecision.State.Version, deliveredDecision.State.Version]);
        Assert.Equal("delivered:o-42:4", deliveredDecision.Event.EventId);
        Assert.True(deliveredDecision.State.IsTerminal);
    }

    [Fact]
    public void Decide_UnknownOrder_RejectsWithUnknownOrderAndNoState()
    {
        var decision = OrderDecider.Decide(null, Update(OrderStatus.Shipped, "r-1"), Later);

        var reject = Assert.IsType<OrderDecision.Reject>(decision);
        Assert.Equal(
            new OrderUpdateRejected("update-rejected:r-1", OrderId, Later, "r-1", RejectionReasons.UnknownOrder, null, 0),
            reject.Event);
        Assert.Null(reject.State);
    }

    [Fact]
    public void Decide_ExpectedVersionMatches_Applies()
    {
        var decision = OrderDecider.Decide(InStatus(OrderStatus.Paid), Update(OrderStatus.Shipped, expectedVersion: 2), Later);

        Assert.IsType<OrderDecision.Apply>(decision);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(99)]
    public void Decide_ExpectedVersionDiffers_RejectsWithVersionConflict(int expectedVersion)
    {
        var paid = InStatus(OrderStatus.Paid);

        var decision = OrderDecider.Decide(paid, Update(OrderStatus.Shipped, "r-7", expectedVersion), Later);

        var reject = Assert.IsType<OrderDecision.Reject>(decision);
        Assert.Equal(
            new OrderUpdateRejected("update-rejected:r-7", OrderId, Later, "r-7", RejectionReasons.VersionConflict, OrderStatus.Paid, 2),
            reject.Event);
    }

    [Fact]
    public void Decide_StaleVersionOnNonTerminalOrderAndBadTransition_IsVersionConflict()
    {
        // The client decided on an old version; telling it "the order moved on" is the useful answer.
        var decision = OrderDecider.Decide(InStatus(OrderStatus.Shipped), Update(OrderStatus.Cancelled, expectedVersion: 2), Later);

        Assert.Equal(RejectionReasons.VersionConflict, Assert.IsType<OrderDecision.Reject>(decision).Event.Reason);
    }

    [Theory]
    [InlineData(OrderStatus.Delivered)]
    [InlineData(OrderStatus.Cancelled)]
    [InlineData(OrderStatus.PaymentFailed)]
    public void Decide_StaleVersionOnTerminalOrder_IsInvalidTransition(OrderStatus terminal)
    {
        var decision = OrderDecider.Decide(InStatus(terminal), Update(OrderStatus.Shipped, expectedVersion: 1), Later);

        Assert.Equal(RejectionReasons.InvalidTransition, Assert.IsType<OrderDecision.Reject>(decision).Event.Reason);
    }

    [Fact]
    public void Decide_TwoUpdatesRaceOnTheSameVersion_ExactlyOneApplies()
    {
        var paid = InStatus(OrderStatus.Paid);

        var winner = Assert.IsType<OrderDecision.Apply>(OrderDecider.Decide(paid, Update(OrderStatus.Shipped, "r-a", 2), Later));
        var loser = OrderDecider.Decide(winner.State, Update(OrderStatus.Shipped, "r-b", 2), Later);

        Assert.Equal(RejectionReasons.VersionConflict, Assert.IsType<OrderDecision.Reject>(loser).Event.Reason);
    }

    [Fact]
    public void Decide_RaceWonByACancellation_LoserGetsInvalidTransition()
    {
        var paid = InStatus(OrderStatus.Paid);

        var winner = Assert.IsType<OrderDecision.Apply>(OrderDecider.Decide(paid, Update(OrderStatus.Cancelled, "r-a", 2), Later));
        var loser = OrderDecider.Decide(winner.State, Update(OrderStatus.Shipped, "r-b", 2), Later);

        Assert.Equal(RejectionReasons.InvalidTransition, Assert.IsType<OrderDecision.Reject>(loser).Event.Reason);
    }

    [Fact]
    public void Decide_Rejection_KeepsVersionAndRemembersTheRequest()
    {
        var created = Created();

        var state = Rejected(OrderDecider.Decide(created, Update(OrderStatus.Shipped, "r-1"), Later))!;

        Assert.Equal(created.Version, state.Version);
        Assert.Equal(created.Status, state.Status);
        Assert.Equal(created.UpdatedAt, state.UpdatedAt);
        Assert.Contains("r-1", state.HandledRequestIds);
    }

    [Fact]
    public void Decide_AppliedRequestAgain_IsAlreadyApplied()
    {
        var shipped = Applied(OrderDecider.Decide(InStatus(OrderStatus.Paid), Update(OrderStatus.Shipped, "r-1"), Later));

        var decision = OrderDecider.Decide(shipped, Update(OrderStatus.Shipped, "r-1"), Later.AddMinutes(5));

        Assert.IsType<OrderDecision.AlreadyApplied>(decision);
    }

    [Fact]
    public void Decide_RejectedRequestAgainAfterTheOrderMovedOn_StaysAnswered()
    {
        // r-1 asked to ship a Created order and was refused; once the order is Paid the same
        // request would be allowed, but the same requestId must change nothing.
        var refused = Rejected(OrderDecider.Decide(Created(), Update(OrderStatus.Shipped, "r-1"), Later))!;
        var paid = Applied(OrderDecider.Decide(refused, Captured(), Later.AddSeconds(1)));

        var decision = OrderDecider.Decide(paid, Update(OrderStatus.Shipped, "r-1"), Later.AddSeconds(2));

        Assert.IsType<OrderDecision.AlreadyApplied>(decision);
    }

    [Theory]
    [InlineData(OrderStatus.Paid)]
    [InlineData(OrderStatus.Created)]
    [InlineData(OrderStatus.PaymentFailed)]
    public void Decide_StatusNotRequestable_IsDeadLettered(OrderStatus status)
    {
        var decision = OrderDecider.Decide(Created(), Update(status), Later);

        var dead = Assert.IsType<OrderDecision.DeadLetter>(decision);
        Assert.Equal($"invalid update-status: status must be Shipped, Delivered or Cancelled (was {status})", dead.Reason);
    }

    [Fact]
    public void Decide_InvalidCommandForUnknownOrder_IsDeadLetteredNotRejected()
    {
        var decision = OrderDecider.Decide(null, Update(OrderStatus.Shipped, "bad id"), Later);

        Assert.IsType<OrderDecision.DeadLetter>(decision);
    }

    private static string RequestIdOf(IVersionedOrderEvent evt) => evt switch
    {
        OrderShipped e => e.RequestId,
        OrderDelivered e => e.RequestId,
        OrderCancelled e => e.RequestId,
        _ => throw new ArgumentException(evt.GetType().Name),
    };
}
