using System.Text.Json;
using Orders.PushOrder.Tests.Support;
using Orders.Testing;

namespace Orders.PushOrder.Tests.Publishing;

[Collection(NatsCollection.Name)]
public sealed class WaitTests(NatsServerFixture server) : PublishingTestBase(server)
{
    [Fact]
    public async Task Run_WaitWithAnsweringSystem_ReportsEveryOutcomeAndEndToEndLatency()
    {
        var prefix = NewPrefix();
        await using var system = await ExternalSystemStub.StartAsync(Connection, prefix);

        var result = await Support.Cli.RunAsync("--count", "30", "--decline-share", "0.2", "--seed", "3", "--duplicates", "0.1", "--bad", "2",
            "--wait", "--wait-timeout", "60s", "--prefix", prefix, "--json", "--nats", Server.Url);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        var wait = root.GetProperty("wait");
        Assert.Equal(30, wait.GetProperty("awaited").GetInt32());
        Assert.Equal(root.GetProperty("aboveDeclineLimit").GetInt32(), wait.GetProperty("paymentFailed").GetInt64());
        Assert.Equal(30, wait.GetProperty("paid").GetInt64() + wait.GetProperty("paymentFailed").GetInt64());
        Assert.Equal(0, wait.GetProperty("outstanding").GetInt32());
        Assert.Equal(30, wait.GetProperty("endToEnd").GetProperty("count").GetInt32());
        Assert.True(wait.GetProperty("ordersPerSecond").GetDouble() > 0);
    }

    [Fact]
    public async Task Run_WaitWithoutAnswers_TimesOutWithExitCodeOne()
    {
        var prefix = NewPrefix();

        var result = await Support.Cli.RunAsync("--count", "2", "--wait", "--wait-timeout", "500ms", "--prefix", prefix, "--nats", Server.Url);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("outcomes of 2 new orders: paid 0, payment-failed 0, 2 still outstanding at the wait timeout", result.Out);
    }

    [Fact]
    public async Task Run_Cancelled_PrintsSummarySoFarAndExits130()
    {
        var prefix = NewPrefix();
        var js = new NATS.Client.JetStream.NatsJSContext(Connection);
        var before = (await js.GetStreamAsync(Orders.Contracts.Messaging.Streams.Names.Commands)).Info.State.LastSeq;
        using var ctrlC = new CancellationTokenSource();
        var running = Support.Cli.RunAsync(["--count", "100000", "--rate", "50", "--prefix", prefix, "--nats", Server.Url], ctrlC.Token);
        await Eventually.WaitUntilAsync(
            async () => (await js.GetStreamAsync(Orders.Contracts.Messaging.Streams.Names.Commands)).Info.State.LastSeq >= before + 3,
            TimeSpan.FromSeconds(30), "a few orders are published");

        await ctrlC.CancelAsync();
        var result = await running;

        Assert.Equal(130, result.ExitCode);
        Assert.Contains($"run {prefix} (seed", result.Out);
        Assert.Contains(", interrupted:", result.Out);
    }
}
