using Orders.Contracts.Validation;

namespace Orders.Contracts.Tests.Validation;

public sealed class SubmitOrderValidationTests
{
    private static readonly SubmitOrder Valid = new("o-42", "c-7", "USD", [new OrderItem("SKU-1", 2, 19.99m)]);

    [Fact]
    public void Validate_ContractExample_HasNoProblems()
    {
        Assert.Empty(CommandValidator.Validate(Valid));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("A-z_0-9")]
    [InlineData("o-42")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")] // 64
    public void Validate_OrderIdWithinThePattern_IsValid(string orderId)
    {
        Assert.Empty(CommandValidator.Validate(Valid with { OrderId = orderId }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")] // 65
    [InlineData("o 42")]
    [InlineData("o.42")]
    [InlineData("o*")]
    [InlineData("o>")]
    [InlineData("ö-42")]
    [InlineData("o/42")]
    public void Validate_OrderIdOutsideThePattern_NamesOrderId(string orderId)
    {
        var problem = Assert.Single(CommandValidator.Validate(Valid with { OrderId = orderId }));

        Assert.Equal($"orderId must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-' (was \"{orderId}\")", problem);
    }

    [Fact]
    public void Validate_MissingCustomerId_SaysMissing()
    {
        var problem = Assert.Single(CommandValidator.Validate(Valid with { CustomerId = null! }));

        Assert.Equal("customerId must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-' (was missing)", problem);
    }

    [Fact]
    public void Validate_CustomerIdWithSpace_NamesCustomerId()
    {
        var problem = Assert.Single(CommandValidator.Validate(Valid with { CustomerId = "c 7" }));

        Assert.StartsWith("customerId must be", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("EUR")]
    [InlineData("JPY")]
    [InlineData("XYZ")]
    public void Validate_ThreeUpperCaseLetters_IsValidCurrency(string currency)
    {
        Assert.Empty(CommandValidator.Validate(Valid with { Currency = currency }));
    }

    [Theory]
    [InlineData("usd")]
    [InlineData("Usd")]
    [InlineData("US")]
    [InlineData("USDD")]
    [InlineData("")]
    [InlineData("U1D")]
    [InlineData("ÜSD")]
    public void Validate_OtherCurrency_NamesCurrency(string currency)
    {
        var problem = Assert.Single(CommandValidator.Validate(Valid with { Currency = currency }));

        Assert.Equal($"currency must be 3 upper-case letters such as USD (was \"{currency}\")", problem);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public void Validate_ItemCountAtTheBounds_IsValid(int count)
    {
        Assert.Empty(CommandValidator.Validate(Valid with { Items = Lines(count) }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Validate_ItemCountOutsideTheBounds_NamesItems(int count)
    {
        var problem = Assert.Single(CommandValidator.Validate(Valid with { Items = Lines(count) }));

        Assert.Equal($"items must hold 1 to 100 lines (was {count})", problem);
    }

    [Fact]
    public void Validate_NullItems_SaysRequired()
    {
        var problem = Assert.Single(CommandValidator.Validate(Valid with { Items = null! }));

        Assert.Equal("items is required", problem);
    }

    [Fact]
    public void Validate_NullLine_NamesTheLine()
    {
        var problem = Assert.Single(CommandValidator.Validate(Valid with { Items = [new OrderItem("A", 1, 1m), null!] }));

        Assert.Equal("items[1] must be an object (was null)", problem);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    public void Validate_QuantityAtTheBounds_IsValid(int quantity)
    {
        Assert.Empty(CommandValidator.Validate(WithLine(new OrderItem("SKU-1", quantity, 1m))));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    [InlineData(int.MaxValue)]
    public void Validate_QuantityOutsideTheBounds_NamesTheLine(int quantity)
    {
        var problem = Assert.Single(CommandValidator.Validate(WithLine(new OrderItem("SKU-1", quantity, 1m))));

        Assert.Equal($"items[0].quantity must be an integer from 1 to 1000 (was {quantity})", problem);
    }

    [Theory]
    [InlineData("0.01")]
    [InlineData("100000")]
    [InlineData("100000.00")]
    [InlineData("19.9")]
    [InlineData("19.990")]
    public void Validate_UnitPriceWithinTheRules_IsValid(string unitPrice)
    {
        Assert.Empty(CommandValidator.Validate(WithLine(new OrderItem("SKU-1", 1, decimal.Parse(unitPrice)))));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0.01")]
    [InlineData("100000.01")]
    [InlineData("1000000")]
    public void Validate_UnitPriceOutOfRange_NamesTheLine(string unitPrice)
    {
        var problem = Assert.Single(CommandValidator.Validate(WithLine(new OrderItem("SKU-1", 1, decimal.Parse(unitPrice)))));

        Assert.Equal($"items[0].unitPrice must be greater than 0 and at most 100000 (was {unitPrice})", problem);
    }

    [Theory]
    [InlineData("19.999")]
    [InlineData("0.001")]
    [InlineData("1.0000001")]
    public void Validate_UnitPriceWithMoreThanTwoFractionDigits_NamesTheLine(string unitPrice)
    {
        var problem = Assert.Single(CommandValidator.Validate(WithLine(new OrderItem("SKU-1", 1, decimal.Parse(unitPrice)))));

        Assert.Equal($"items[0].unitPrice must have at most 2 fraction digits (was {unitPrice})", problem);
    }

    [Fact]
    public void Validate_UnitPriceBothTooHighAndTooPrecise_ReportsBoth()
    {
        var problems = CommandValidator.Validate(WithLine(new OrderItem("SKU-1", 1, 100000.001m)));

        Assert.Equal(
            [
                "items[0].unitPrice must be greater than 0 and at most 100000 (was 100000.001)",
                "items[0].unitPrice must have at most 2 fraction digits (was 100000.001)",
            ],
            problems);
    }

    [Fact]
    public void Validate_NullSku_NamesTheLine()
    {
        var problem = Assert.Single(CommandValidator.Validate(WithLine(new OrderItem(null!, 1, 1m))));

        Assert.Equal("items[0].sku is required", problem);
    }

    [Fact]
    public void Validate_ManyProblems_ReportsEveryOneInOrder()
    {
        var command = new SubmitOrder(
            "bad id",
            "",
            "usd",
            [new OrderItem("A", 1, 1m), new OrderItem("B", 0, 1m), new OrderItem("C", 5, 0m)]);

        var problems = CommandValidator.Validate(command);

        Assert.Equal(
            [
                "orderId must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-' (was \"bad id\")",
                "customerId must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-' (was \"\")",
                "currency must be 3 upper-case letters such as USD (was \"usd\")",
                "items[1].quantity must be an integer from 1 to 1000 (was 0)",
                "items[2].unitPrice must be greater than 0 and at most 100000 (was 0)",
            ],
            problems);
    }

    private static SubmitOrder WithLine(OrderItem item) => Valid with { Items = [item] };

    private static OrderItem[] Lines(int count) =>
        Enumerable.Range(1, count).Select(i => new OrderItem($"SKU-{i}", 1, 1m)).ToArray();
}
