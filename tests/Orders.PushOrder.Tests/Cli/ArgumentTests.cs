using Orders.PushOrder.Tests.Support;
using Orders.Testing;

namespace Orders.PushOrder.Tests.Cli;

public sealed class ArgumentTests
{
    [Theory]
    [InlineData("--rate", "-1", "--rate must be 0 (as fast as acks allow) or a positive number of orders per second (was -1)")]
    [InlineData("--amount-range", "500-10", "--amount-range the minimum is above the maximum (was '500-10')")]
    [InlineData("--amount-range", "10-2000", "--amount-range must end at or below the decline limit 1000.00 (was '10-2000'); use --decline-share for orders above it")]
    [InlineData("--amount-range", "ten", "--amount-range must be MIN-MAX, e.g. 10-500 (was 'ten')")]
    [InlineData("--decline-share", "1.5", "--decline-share must be a share from 0 to 1, e.g. 0.1 (was 1.5)")]
    [InlineData("--duplicates", "-0.1", "--duplicates must be a share from 0 to 1, e.g. 0.05 (was -0.1)")]
    [InlineData("--concurrency", "0", "--concurrency must be 1 to 10000 (was 0)")]
    [InlineData("--wait-timeout", "soon", "--wait-timeout must be a duration like 500ms, 2s, 1.5s or 1m (was 'soon')")]
    [InlineData("--prefix", "has space", "--prefix must be 1 to 40 characters of A-Z a-z 0-9 _ - (was 'has space')")]
    public async Task Invoke_BadValue_ExitsTwoWithOneLineNamingTheProblem(string option, string value, string expected)
    {
        var result = await Support.Cli.RunAsync(option, value, "--nats", "nats://127.0.0.1:1");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"push-order: {expected} (see push-order --help)"], result.ErrorLines);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Invoke_NothingToSend_ExitsTwo()
    {
        var result = await Support.Cli.RunAsync("--count", "0", "--nats", "nats://127.0.0.1:1");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["push-order: nothing to send: --count and --bad are both 0"], result.ErrorLines);
    }

    [Fact]
    public async Task Invoke_NoServer_ExitsTwoWithOneLineAndAHint()
    {
        var url = $"nats://127.0.0.1:{FreePort.Next()}";

        var result = await Support.Cli.RunAsync("--count", "1", "--nats", url);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"push-order: cannot reach NATS at {url}: connection refused — is the system running? (./run.sh up)"], result.ErrorLines);
    }

    [Fact]
    public async Task Invoke_UrlWithUnsupportedScheme_ExitsTwoSayingItIsNotANatsUrl()
    {
        var result = await Support.Cli.RunAsync("--count", "1", "--nats", "ftp://127.0.0.1:4222");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("push-order: --nats 'ftp://127.0.0.1:4222' is not a NATS URL (", line);
        Assert.EndsWith(") — use e.g. nats://127.0.0.1:4222", line);
    }

    [Fact]
    public async Task Invoke_ServerWithoutStreams_ExitsTwoSayingWhoCreatesThem()
    {
        await using var bare = await NatsServerFixture.StartNewAsync();

        var result = await Support.Cli.RunAsync("--count", "3", "--nats", bare.Url);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"push-order: nothing stores commands.* at {bare.Url}", line);
    }
}
