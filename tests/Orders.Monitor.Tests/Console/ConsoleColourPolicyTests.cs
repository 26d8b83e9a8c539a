using Orders.Monitor.Console;

namespace Orders.Monitor.Tests.Console;

public sealed class ConsoleColourPolicyTests
{
    [Fact]
    public void UseColour_TerminalWithoutNoColor_IsTrue() => Assert.True(ConsoleColourPolicy.UseColour(outputRedirected: false, noColorValue: null));

    [Fact]
    public void UseColour_OutputRedirected_IsFalse() => Assert.False(ConsoleColourPolicy.UseColour(outputRedirected: true, noColorValue: null));

    [Fact]
    public void UseColour_NoColorSet_IsFalse() => Assert.False(ConsoleColourPolicy.UseColour(outputRedirected: false, noColorValue: "1"));

    [Fact]
    public void UseColour_NoColorEmpty_IsTrue() => Assert.True(ConsoleColourPolicy.UseColour(outputRedirected: false, noColorValue: ""));
}
