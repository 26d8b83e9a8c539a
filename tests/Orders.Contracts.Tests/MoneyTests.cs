namespace Orders.Contracts.Tests;

public sealed class MoneyTests
{
    [Fact]
    public void Total_ContractExample_IsQuantityTimesPrice()
    {
        Assert.Equal(39.98m, Money.Total([new OrderItem("SKU-1", 2, 19.99m)]));
    }

    [Fact]
    public void Total_SeveralLines_SumsAndKeepsCents()
    {
        var total = Money.Total([new OrderItem("A", 3, 0.10m), new OrderItem("B", 1000, 100000m), new OrderItem("C", 7, 1.01m)]);

        Assert.Equal(100_000_007.37m, total);
        Assert.Equal("100000007.37", total.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Total_FractionOfACent_RoundsAwayFromZero()
    {
        Assert.Equal(0.01m, Money.Total([new OrderItem("A", 1, 0.005m)]));
    }

    [Theory]
    [InlineData("19.99", true)]
    [InlineData("19.990", true)]
    [InlineData("20", true)]
    [InlineData("19.995", false)]
    public void HasAtMostTwoFractionDigits_JudgesTheValue(string amount, bool expected)
    {
        Assert.Equal(expected, Money.HasAtMostTwoFractionDigits(decimal.Parse(amount)));
    }

    [Theory]
    [InlineData("19.990", "19.99")]
    [InlineData("5.0000", "5.00")]
    [InlineData("12.5", "12.5")]
    public void Normalize_TrailingZeros_KeepsAtMostTwoDigits(string amount, string expected)
    {
        Assert.Equal(expected, Money.Normalize(decimal.Parse(amount)).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("19.990", "19.99")]
    [InlineData("20.00", "20")]
    [InlineData("0.10", "0.1")]
    public void CanonicalText_EqualValues_GiveEqualText(string amount, string expected)
    {
        Assert.Equal(expected, Money.CanonicalText(decimal.Parse(amount)));
    }
}
