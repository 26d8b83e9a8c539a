using Orders.Contracts;
using Orders.Contracts.Messaging;
using Orders.OrderService.Domain;
using static Orders.OrderService.Tests.Domain.OrderScenario;

namespace Orders.OrderService.Tests.Domain;

/// <summary><see cref="Order.Create"/> and <see cref="Order.Apply"/>: the only ways the deciders change an order.</summary>
public sealed class OrderTests
{
    [Fact]
    public void Create_OrderCreated_IsCreatedAtVersionOneWithTheEventsContent()
    {
        var created = new OrderCreated("e-1", OrderId, 1, T0, "c-7", [new OrderItem("SKU-1", 2, 19.99m)], 39.98m, "USD");

        var order = Order.Create(created, "fingerprint");

        Assert.Equal((OrderStatus.Created, 1, 39.98m, T0, T0), (order.Status, order.Version, order.Total, order.CreatedAt, order.UpdatedAt));
    }

    [Fact]
    public void Apply_ArrowOfTheLifecycle_MovesStatusVersionAndTime()
    {
        var later = T0.AddMinutes(5);

        var paid = Created().Apply(Paid(version: 2, later));

        Assert.Equal((OrderStatus.Paid, 2, later), (paid.Status, paid.Version, paid.UpdatedAt));
    }

    [Fact]
    public void Apply_NoArrowFromTheCurrentStatus_Throws()
    {
        var shipped = new OrderShipped(EventIds.ForOrderEvent(Subjects.Orders.Shipped, OrderId, 2), OrderId, 2, T0, "r-1");

        Assert.Throws<InvalidOperationException>(() => Created().Apply(shipped));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Apply_NotTheNextVersion_Throws(int version)
    {
        Assert.Throws<InvalidOperationException>(() => Created().Apply(Paid(version, T0)));
    }

    [Fact]
    public void Apply_EventOfAnotherOrder_Throws()
    {
        var other = Paid(version: 2, T0) with { OrderId = "o-other" };

        Assert.Throws<InvalidOperationException>(() => Created().Apply(other));
    }

    private static OrderPaid Paid(int version, DateTimeOffset at) =>
        new(EventIds.ForOrderEvent(Subjects.Orders.Paid, OrderId, version), OrderId, version, at, "pay-" + OrderId, 39.98m, "USD");
}
