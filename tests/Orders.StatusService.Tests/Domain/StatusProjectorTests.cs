using Orders.Contracts;
using Orders.StatusService.Domain;

namespace Orders.StatusService.Tests.Domain;

public sealed class StatusProjectorTests
{
    private const string OrderId = "o-42";
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    private static readonly OrderCreated Created =
        new("created:o-42:1", OrderId, 1, T0, "c-7", [new OrderItem("SKU-1", 2, 19.99m)], 39.98m, "USD");

    private static readonly OrderPaid Paid = new("paid:o-42:2", OrderId, 2, T0.AddSeconds(1), "pay-o-42", 39.98m, "USD");
    private static readonly OrderShipped Shipped = new("shipped:o-42:3", OrderId, 3, T0.AddSeconds(2), "r-1");
    private static readonly OrderDelivered Delivered = new("delivered:o-42:4", OrderId, 4, T0.AddSeconds(3), "r-2");

    [Fact]
    public void Apply_CreatedOnEmptyView_BuildsTheView()
    {
        var result = StatusProjector.Apply(null, Created);

        var view = Assert.IsType<ProjectionResult.Applied>(result).View;
        Assert.Equal(OrderId, view.OrderId);
        Assert.Equal(OrderStatus.Created, view.Status);
        Assert.Equal(1, view.Version);
        Assert.Equal("c-7", view.CustomerId);
        Assert.Equal(39.98m, view.Total);
        Assert.Equal("USD", view.Currency);
        Assert.Equal(T0, view.UpdatedAt);
        Assert.Equal([new OrderHistoryEntry(1, OrderStatus.Created, T0)], view.History);
    }

    public static TheoryData<IVersionedOrderEvent, OrderStatus> NextEvents => new()
    {
        { new OrderPaid("paid:o-42:2", OrderId, 2, T0.AddSeconds(1), "pay-o-42", 39.98m, "USD"), OrderStatus.Paid },
        { new OrderPaymentFailed("payment-failed:o-42:2", OrderId, 2, T0.AddSeconds(1), "pay-o-42", "limit-exceeded"), OrderStatus.PaymentFailed },
        { new OrderShipped("shipped:o-42:2", OrderId, 2, T0.AddSeconds(1), "r-1"), OrderStatus.Shipped },
        { new OrderDelivered("delivered:o-42:2", OrderId, 2, T0.AddSeconds(1), "r-1"), OrderStatus.Delivered },
        { new OrderCancelled("cancelled:o-42:2", OrderId, 2, T0.AddSeconds(1), "r-1"), OrderStatus.Cancelled },
    };

    [Theory]
    [MemberData(nameof(NextEvents))]
    public void Apply_NextVersion_SetsStatusVersionTimeAndAppendsHistory(IVersionedOrderEvent next, OrderStatus expectedStatus)
    {
        var result = StatusProjector.Apply(ViewAfter(Created), next);

        var view = Assert.IsType<ProjectionResult.Applied>(result).View;
        Assert.Equal(expectedStatus, view.Status);
        Assert.Equal(2, view.Version);
        Assert.Equal(next.OccurredAt, view.UpdatedAt);
        Assert.Equal(
            [new OrderHistoryEntry(1, OrderStatus.Created, T0), new OrderHistoryEntry(2, expectedStatus, next.OccurredAt)],
            view.History);
        Assert.Equal(39.98m, view.Total);
    }

    [Fact]
    public void Apply_WholeLifecycleInOrder_EndsDeliveredWithFourHistoryEntries()
    {
        var view = ViewAfter(Created, Paid, Shipped, Delivered);

        Assert.Equal(OrderStatus.Delivered, view.Status);
        Assert.Equal(4, view.Version);
        Assert.Equal([1, 2, 3, 4], view.History.Select(h => h.Version));
        Assert.Equal(
            [OrderStatus.Created, OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Delivered],
            view.History.Select(h => h.Status));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Apply_VersionTheViewHas_IsAlreadyApplied(int version)
    {
        var view = ViewAfter(Created, Paid, Shipped);
        IVersionedOrderEvent redelivered = version switch { 1 => Created, 2 => Paid, _ => Shipped };

        Assert.IsType<ProjectionResult.AlreadyApplied>(StatusProjector.Apply(view, redelivered));
    }

    [Fact]
    public void Apply_VersionAheadOfTheNext_IsAGapNamingBoth()
    {
        var result = StatusProjector.Apply(ViewAfter(Created), Shipped);

        Assert.Equal(new ProjectionResult.Gap(Expected: 2, Received: 3), result);
    }

    [Fact]
    public void Apply_EventBeforeCreated_IsAGapWaitingForVersion1()
    {
        Assert.Equal(new ProjectionResult.Gap(1, 2), StatusProjector.Apply(null, Paid));
    }

    [Fact]
    public void Apply_GapThenPredecessorThenRetry_EndsInOrder()
    {
        // Shipped (3) arrives before Paid (2): nak'ed, then applied after Paid.
        var created = ViewAfter(Created);
        Assert.IsType<ProjectionResult.Gap>(StatusProjector.Apply(created, Shipped));

        var view = ViewAfter(Created, Paid, Shipped);

        Assert.Equal([OrderStatus.Created, OrderStatus.Paid, OrderStatus.Shipped], view.History.Select(h => h.Status));
    }

    [Fact]
    public void Apply_UpdateRejected_LeavesTheViewUnchanged()
    {
        var rejected = new OrderUpdateRejected("update-rejected:r-9", OrderId, T0.AddSeconds(9), "r-9", RejectionReasons.InvalidTransition, OrderStatus.Created, 1);

        Assert.IsType<ProjectionResult.Unchanged>(StatusProjector.Apply(ViewAfter(Created), rejected));
        Assert.IsType<ProjectionResult.Unchanged>(StatusProjector.Apply(null, rejected));
    }

    [Fact]
    public void Apply_Version1ThatIsNotCreated_IsInvalid()
    {
        var wrongFirst = new OrderPaid("paid:o-42:1", OrderId, 1, T0, "pay-o-42", 39.98m, "USD");

        var result = StatusProjector.Apply(null, wrongFirst);

        Assert.Equal("version 1 of order o-42 must be orders.created, was OrderPaid", Assert.IsType<ProjectionResult.Invalid>(result).Reason);
    }

    [Fact]
    public void Apply_CreatedWithLaterVersion_IsInvalid()
    {
        var lateCreated = Created with { EventId = "created:o-42:2", Version = 2 };

        Assert.IsType<ProjectionResult.Invalid>(StatusProjector.Apply(ViewAfter(Created), lateCreated));
    }

    [Fact]
    public void Apply_CreatedWithLaterVersionOnEmptyView_IsInvalidNotAGap()
    {
        var lateCreated = Created with { EventId = "created:o-42:3", Version = 3 };

        var result = StatusProjector.Apply(null, lateCreated);

        Assert.Equal("orders.created for order o-42 carries version 3, expected 1", Assert.IsType<ProjectionResult.Invalid>(result).Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Apply_VersionBelowOne_IsInvalidNotAlreadyApplied(int version)
    {
        var bogus = Paid with { Version = version };

        var result = StatusProjector.Apply(ViewAfter(Created), bogus);

        Assert.Equal(
            $"OrderPaid for order o-42 carries version {version}, expected 1 or more",
            Assert.IsType<ProjectionResult.Invalid>(result).Reason);
    }

    [Fact]
    public void Apply_ViewOfAnotherOrder_Throws()
    {
        var other = ViewAfter(Created) with { OrderId = "o-1" };

        Assert.Throws<ArgumentException>(() => StatusProjector.Apply(other, Paid));
    }

    private static OrderView ViewAfter(params IVersionedOrderEvent[] events)
    {
        OrderView? view = null;
        foreach (var evt in events)
        {
            view = Assert.IsType<ProjectionResult.Applied>(StatusProjector.Apply(view, evt)).View;
        }

        return view!;
    }
}
