using Orders.Contracts.Messaging;

namespace Orders.Contracts.Tests;

public sealed class OrderLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);

    private static readonly HashSet<(OrderStatus, OrderStatus)> Arrows =
    [
        (OrderStatus.Created, OrderStatus.Paid),
        (OrderStatus.Created, OrderStatus.PaymentFailed),
        (OrderStatus.Created, OrderStatus.Cancelled),
        (OrderStatus.Paid, OrderStatus.Shipped),
        (OrderStatus.Paid, OrderStatus.Cancelled),
        (OrderStatus.Shipped, OrderStatus.Delivered),
    ];

    public static TheoryData<OrderStatus, OrderStatus> AllPairs()
    {
        var data = new TheoryData<OrderStatus, OrderStatus>();
        foreach (var from in Enum.GetValues<OrderStatus>())
        {
            foreach (var to in Enum.GetValues<OrderStatus>())
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void CanMove_EveryPair_IsTrueExactlyForTheContractsArrows(OrderStatus from, OrderStatus to)
    {
        Assert.Equal(Arrows.Contains((from, to)), OrderLifecycle.CanMove(from, to));
    }

    [Theory]
    [InlineData(OrderStatus.Created, false)]
    [InlineData(OrderStatus.Paid, false)]
    [InlineData(OrderStatus.Shipped, false)]
    [InlineData(OrderStatus.Delivered, true)]
    [InlineData(OrderStatus.PaymentFailed, true)]
    [InlineData(OrderStatus.Cancelled, true)]
    public void IsTerminal_Status_IsTheContracts(OrderStatus status, bool terminal)
    {
        Assert.Equal(terminal, OrderLifecycle.IsTerminal(status));
    }

    [Theory]
    [InlineData(Subjects.Orders.Created, OrderStatus.Created)]
    [InlineData(Subjects.Orders.Paid, OrderStatus.Paid)]
    [InlineData(Subjects.Orders.PaymentFailed, OrderStatus.PaymentFailed)]
    [InlineData(Subjects.Orders.Shipped, OrderStatus.Shipped)]
    [InlineData(Subjects.Orders.Delivered, OrderStatus.Delivered)]
    [InlineData(Subjects.Orders.Cancelled, OrderStatus.Cancelled)]
    public void StatusAfter_EveryChangingEvent_IsTheStatusItsSubjectNames(string subject, OrderStatus status)
    {
        var change = Change(subject);

        Assert.Equal(status, OrderLifecycle.StatusAfter(change));
        Assert.Equal(status, change.StatusAfter);
    }

    [Theory]
    [InlineData(Subjects.Orders.Created)]
    [InlineData(Subjects.Orders.Paid)]
    [InlineData(Subjects.Orders.PaymentFailed)]
    [InlineData(Subjects.Orders.Shipped)]
    [InlineData(Subjects.Orders.Delivered)]
    [InlineData(Subjects.Orders.Cancelled)]
    public void Next_FromEveryStatus_MovesExactlyAlongTheContractsArrows(string subject)
    {
        var change = Change(subject);
        var to = change.StatusAfter;
        OrderStatus?[] origins = [null, .. Enum.GetValues<OrderStatus>().Cast<OrderStatus?>()];
        foreach (var from in origins)
        {
            var allowed = change is OrderCreated ? from is null : from is { } f && Arrows.Contains((f, to));
            if (allowed)
            {
                Assert.Equal(to, OrderLifecycle.Next(from, change));
            }
            else
            {
                Assert.Throws<InvalidOperationException>(() => OrderLifecycle.Next(from, change));
            }
        }
    }

    private static IVersionedOrderEvent Change(string subject) => subject switch
    {
        Subjects.Orders.Created => new OrderCreated("e", "o-1", 1, T0, "c-1", [new OrderItem("SKU-1", 1, 1m)], 1m, "USD"),
        Subjects.Orders.Paid => new OrderPaid("e", "o-1", 2, T0, "pay-o-1", 1m, "USD"),
        Subjects.Orders.PaymentFailed => new OrderPaymentFailed("e", "o-1", 2, T0, "pay-o-1", DeclineReasons.LimitExceeded),
        Subjects.Orders.Shipped => new OrderShipped("e", "o-1", 3, T0, "r-1"),
        Subjects.Orders.Delivered => new OrderDelivered("e", "o-1", 4, T0, "r-2"),
        Subjects.Orders.Cancelled => new OrderCancelled("e", "o-1", 2, T0, "r-3"),
        _ => throw new ArgumentOutOfRangeException(nameof(subject)),
    };
}
