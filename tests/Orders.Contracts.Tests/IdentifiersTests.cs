namespace Orders.Contracts.Tests;

public sealed class IdentifiersTests
{
    [Theory]
    [InlineData("a", true)]
    [InlineData("Z9_-", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("a.b", false)]
    [InlineData("a\nb", false)]
    public void IsValid_Value_FollowsThePattern(string? value, bool expected)
    {
        Assert.Equal(expected, Identifiers.IsValid(value));
    }

    [Fact]
    public void IsValid_LengthBoundary_Is64()
    {
        Assert.True(Identifiers.IsValid(new string('a', 64)));
        Assert.False(Identifiers.IsValid(new string('a', 65)));
    }
}
