using Orders.Contracts.Validation;

namespace Orders.Contracts.Tests.Validation;

public sealed class UpdateStatusValidationTests
{
    private static readonly UpdateStatus Valid = new("r-1", "o-42", OrderStatus.Shipped, 2);

    [Theory]
    [InlineData(OrderStatus.Shipped)]
    [InlineData(OrderStatus.Delivered)]
    [InlineData(OrderStatus.Cancelled)]
    public void Validate_RequestableStatus_IsValid(OrderStatus status)
    {
        Assert.Empty(CommandValidator.Validate(Valid with { Status = status }));
    }

    [Theory]
    [InlineData(OrderStatus.Created)]
    [InlineData(OrderStatus.Paid)]
    [InlineData(OrderStatus.PaymentFailed)]
    public void Validate_StatusReachedOnlyByPayments_IsMalformed(OrderStatus status)
    {
        var problem = Assert.Single(CommandValidator.Validate(Valid with { Status = status }));

        Assert.Equal($"status must be Shipped, Delivered or Cancelled (was {status})", problem);
    }

    [Fact]
    public void Validate_UndefinedStatusValue_ShowsTheNumber()
    {
        var problem = Assert.Single(CommandValidator.Validate(Valid with { Status = (OrderStatus)42 }));

        Assert.Equal("status must be Shipped, Delivered or Cancelled (was 42)", problem);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(1)]
    [InlineData(int.MaxValue)]
    public void Validate_ExpectedVersionAbsentOrPositive_IsValid(int? expectedVersion)
    {
        Assert.Empty(CommandValidator.Validate(Valid with { ExpectedVersion = expectedVersion }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_ExpectedVersionBelowOne_NamesIt(int expectedVersion)
    {
        var problem = Assert.Single(CommandValidator.Validate(Valid with { ExpectedVersion = expectedVersion }));

        Assert.Equal($"expectedVersion must be 1 or more when present (was {expectedVersion})", problem);
    }

    [Fact]
    public void Validate_BadIds_ReportsBoth()
    {
        var problems = CommandValidator.Validate(Valid with { RequestId = "r 1", OrderId = new string('o', 65) });

        Assert.Equal(2, problems.Count);
        Assert.StartsWith("requestId must be 1 to 64 characters", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("orderId must be 1 to 64 characters", problems[1], StringComparison.Ordinal);
    }
}
