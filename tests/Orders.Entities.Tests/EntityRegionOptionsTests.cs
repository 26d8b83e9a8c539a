using Orders.Messaging.Entities;

namespace Orders.Entities.Tests;

/// <summary>The supervision back-off and the settings check, as pure functions of the options.</summary>
public sealed class EntityRegionOptionsTests
{
    private static readonly EntityRegionOptions Options = new()
    {
        MinRestartBackoff = TimeSpan.FromMilliseconds(100),
        MaxRestartBackoff = TimeSpan.FromSeconds(1),
    };

    [Theory]
    [InlineData(0, 100)]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(3, 400)]
    [InlineData(4, 800)]
    [InlineData(5, 1000)]
    [InlineData(64, 1000)]
    public void RestartBackoffFor_RecentRestarts_DoublesFromMinUpToMax(int recentRestarts, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Options.RestartBackoffFor(recentRestarts));
    }

    [Fact]
    public void Validate_MaxBackoffBelowMin_Throws()
    {
        var options = Options with { MaxRestartBackoff = TimeSpan.FromMilliseconds(50) };

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal(nameof(EntityRegionOptions.MaxRestartBackoff), error.ParamName);
    }

    [Fact]
    public void Validate_ZeroLiveEntities_Throws()
    {
        var options = Options with { MaxLiveEntities = 0 };

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal(nameof(EntityRegionOptions.MaxLiveEntities), error.ParamName);
    }
}
