using Orders.Testing;

namespace Orders.UpdateStatus.Tests.Cli;

public sealed class ArgumentTests
{
    [Theory]
    [InlineData(new[] { "--order", "o-1", "--status", "Paid" }, "update-status: --status must be Shipped, Delivered or Cancelled (was 'Paid') (see update-status --help)")]
    [InlineData(new[] { "--order", "o 1", "--status", "Shipped" }, "update-status: --order must be an order id: 1 to 64 characters of A-Z a-z 0-9 _ - (was 'o 1') (see update-status --help)")]
    [InlineData(new[] { "--order", "o-1", "--status", "Shipped", "--expected-version", "0" }, "update-status: --expected-version must be 1 or more (was 0) (see update-status --help)")]
    [InlineData(new[] { "--status", "Shipped" }, "update-status: --order is required (or use --follow), e.g. update-status --order o-1 --status Shipped")]
    [InlineData(new[] { "--follow", "--order", "o-1" }, "update-status: --order does not apply with --follow (it finds the orders itself)")]
    [InlineData(new[] { "--order", "o-1", "--status", "Shipped", "--cancel-share", "0.5" }, "update-status: --cancel-share only applies with --follow")]
    [InlineData(new[] { "--follow", "--ship-delay", "later" }, "update-status: --ship-delay must be a duration like 500ms, 2s, 1.5s or 1m (was 'later') (see update-status --help)")]
    public async Task Invoke_BadArguments_ExitTwoWithOneLine(string[] args, string expected)
    {
        var result = await Support.Cli.RunAsync([.. args, "--nats", "nats://127.0.0.1:1"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([expected], result.ErrorLines);
    }

    [Fact]
    public async Task Process_NoServer_ExitsTwoWithSingleLine()
    {
        var url = $"nats://127.0.0.1:{FreePort.Next()}";

        var result = await Support.Cli.RunProcessAsync("--order", "o-1", "--status", "Shipped", "--nats", url);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"update-status: cannot reach NATS at {url}: connection refused — is the system running? (./run.sh up)"], result.ErrorLines);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Process_UnknownStatus_ExitsTwoWithSingleLine()
    {
        var result = await Support.Cli.RunProcessAsync("--order", "o-1", "--status", "Created");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["update-status: --status must be Shipped, Delivered or Cancelled (was 'Created') (see update-status --help)"], result.ErrorLines);
    }
}
