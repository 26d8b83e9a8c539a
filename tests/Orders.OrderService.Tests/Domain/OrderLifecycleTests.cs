using Orders.Contracts;
using Orders.OrderService.Domain;

namespace Orders.OrderService.Tests.Domain;

public sealed class OrderLifecycleTests
{
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
}
