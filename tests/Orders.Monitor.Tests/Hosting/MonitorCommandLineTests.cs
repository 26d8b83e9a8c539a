using Orders.Monitor.Hosting;

namespace Orders.Monitor.Tests.Hosting;

public sealed class MonitorCommandLineTests
{
    [Fact]
    public void Parse_SwitchesAmongHostArguments_TakesThemOutAndKeepsTheRestInOrder()
    {
        var commandLine = MonitorCommandLine.Parse(["--replay", "--urls", "http://127.0.0.1:9000", "--no-console", "--Nats:Url=nats://x:4222"]);

        Assert.True(commandLine.Replay);
        Assert.True(commandLine.NoConsole);
        Assert.Equal(["--urls", "http://127.0.0.1:9000", "--Nats:Url=nats://x:4222"], commandLine.HostArguments);
    }

    [Fact]
    public void Parse_NoSwitches_WatchesNewMessagesAndPrintsLines()
    {
        var commandLine = MonitorCommandLine.Parse([]);

        Assert.False(commandLine.Replay);
        Assert.False(commandLine.NoConsole);
    }
}
