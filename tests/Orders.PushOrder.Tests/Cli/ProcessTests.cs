using Orders.Testing;

namespace Orders.PushOrder.Tests.Cli;

/// <summary>The real program as the shell runs it: exit codes and a single line, never a stack trace.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task Process_BadRate_ExitsTwoWithSingleLine()
    {
        var result = await Support.Cli.RunProcessAsync("--rate", "fast");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Equal("push-order: Cannot parse argument 'fast' for option '--rate' as expected type 'System.Double'. (see push-order --help)", line);
    }

    [Fact]
    public async Task Process_NoServer_ExitsTwoWithSingleLine()
    {
        var url = $"nats://127.0.0.1:{FreePort.Next()}";

        var result = await Support.Cli.RunProcessAsync("--count", "5", "--nats", url);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"push-order: cannot reach NATS at {url}: connection refused — is the system running? (./run.sh up)"], result.ErrorLines);
        Assert.Empty(result.Out);
    }
}
