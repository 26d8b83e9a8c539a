using Orders.Contracts;
using Orders.Contracts.Validation;
using Orders.OrderService.Domain;
using static Orders.OrderService.Tests.Domain.OrderScenario;

namespace Orders.OrderService.Tests.Domain;

public sealed class SubmitOrderDecisionTests
{
    [Fact]
    public void Decide_NewValidOrder_PublishesCreatedAtVersion1()
    {
        var decision = OrderDecider.Decide(null, Submit, T0);

        var apply = Assert.IsType<OrderDecision.Apply>(decision);
        var created = Assert.IsType<OrderCreated>(apply.Event);
        Assert.Equal("created:o-42:1", created.EventId);
        Assert.Equal(OrderId, created.OrderId);
        Assert.Equal(1, created.Version);
        Assert.Equal(T0, created.OccurredAt);
        Assert.Equal("c-7", created.CustomerId);
        Assert.Equal([new OrderItem("SKU-1", 2, 19.99m)], created.Items);
        Assert.Equal(39.98m, created.Total);
        Assert.Equal("USD", created.Currency);
    }

    [Fact]
    public void Decide_NewValidOrder_StateIsCreatedVersion1WithFingerprint()
    {
        var state = Applied(OrderDecider.Decide(null, Submit, T0));

        Assert.Equal(OrderStatus.Created, state.Status);
        Assert.Equal(1, state.Version);
        Assert.Equal(39.98m, state.Total);
        Assert.Equal(ContentFingerprint.Of(Submit), state.ContentFingerprint);
        Assert.Null(state.PaymentId);
        Assert.Empty(state.HandledRequestIds);
        Assert.Equal(T0, state.CreatedAt);
        Assert.Equal(T0, state.UpdatedAt);
    }

    [Fact]
    public void Decide_SeveralLines_TotalIsSumOfQuantityTimesPrice()
    {
        var command = Submit with { Items = [new OrderItem("A", 3, 0.10m), new OrderItem("B", 1000, 100000m), new OrderItem("C", 7, 1.01m)] };

        var state = Applied(OrderDecider.Decide(null, command, T0));

        Assert.Equal(100_000_007.37m, state.Total);
    }

    [Fact]
    public void Decide_PriceWithTrailingZeros_PublishesItInCents()
    {
        var command = Submit with { Items = [new OrderItem("SKU-1", 1, 19.990m)] };

        var created = Assert.IsType<OrderCreated>(Assert.IsType<OrderDecision.Apply>(OrderDecider.Decide(null, command, T0)).Event);

        Assert.Equal("19.99", created.Items[0].UnitPrice.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(OrderStatus.Created)]
    [InlineData(OrderStatus.Paid)]
    [InlineData(OrderStatus.PaymentFailed)]
    [InlineData(OrderStatus.Shipped)]
    [InlineData(OrderStatus.Delivered)]
    [InlineData(OrderStatus.Cancelled)]
    public void Decide_SameContentAgain_IsAlreadyAppliedInAnyStatus(OrderStatus status)
    {
        var sameContentNewObject = new SubmitOrder(OrderId, "c-7", "USD", [new OrderItem("SKU-1", 2, 19.990m)]);

        var decision = OrderDecider.Decide(InStatus(status), sameContentNewObject, T0.AddMinutes(5));

        Assert.IsType<OrderDecision.AlreadyApplied>(decision);
    }

    [Theory]
    [InlineData("c-8", "USD", 2)]
    [InlineData("c-7", "EUR", 2)]
    [InlineData("c-7", "USD", 3)]
    public void Decide_SameOrderIdOtherContent_IsDeadLettered(string customerId, string currency, int quantity)
    {
        var conflicting = new SubmitOrder(OrderId, customerId, currency, [new OrderItem("SKU-1", quantity, 19.99m)]);

        var decision = OrderDecider.Decide(Created(), conflicting, T0.AddMinutes(5));

        var dead = Assert.IsType<OrderDecision.DeadLetter>(decision);
        Assert.Equal("order o-42 already exists with different content (customerId, currency or items differ)", dead.Reason);
    }

    [Fact]
    public void Decide_InvalidCommand_IsDeadLetteredWithEveryProblem()
    {
        var invalid = Submit with { Currency = "usd", Items = [new OrderItem("SKU-1", 0, 19.99m)] };

        var decision = OrderDecider.Decide(null, invalid, T0);

        var dead = Assert.IsType<OrderDecision.DeadLetter>(decision);
        Assert.Equal(
            "invalid submit-order: currency must be 3 upper-case letters such as USD (was \"usd\"); " +
            "items[0].quantity must be an integer from 1 to 1000 (was 0)",
            dead.Reason);
    }

    [Fact]
    public void Decide_StateOfAnotherOrder_Throws()
    {
        var other = Created() with { OrderId = "o-1" };

        Assert.Throws<ArgumentException>(() => OrderDecider.Decide(other, Submit, T0));
    }
}
