using System.Text.Json;
using Orders.Contracts;
using Orders.Contracts.Json;
using Orders.Contracts.Messaging;
using Orders.PushOrder.Tests.Support;
using Orders.Testing;

namespace Orders.PushOrder.Tests.Publishing;

[Collection(NatsCollection.Name)]
public sealed class PublishTests(NatsServerFixture server) : PublishingTestBase(server)
{
    [Fact]
    public async Task Run_Orders_LandOnCommandsWithContractSubjectHeaderAndPayload()
    {
        var prefix = NewPrefix();

        var result = await Support.Cli.RunAsync("--count", "5", "--prefix", prefix, "--customer", "c-7", "--nats", Server.Url);

        Assert.Equal(0, result.ExitCode);
        var stored = await ContractStreams.ReadAsync(Connection, Streams.Names.Commands, prefix);
        Assert.Equal(5, stored.Count);
        for (var n = 1; n <= 5; n++)
        {
            var msg = stored[n - 1];
            Assert.Equal(Subjects.Commands.SubmitOrder, msg.Subject);
            Assert.Equal($"submit-order:{prefix}-{n}", msg.Headers!["Nats-Msg-Id"]);
            Assert.True(OrdersJson.TryDeserialize<SubmitOrder>(msg.Data.Span, out var order, out var error), error);
            Assert.Equal($"{prefix}-{n}", order.OrderId);
            Assert.Equal("c-7", order.CustomerId);
            Assert.Equal("USD", order.Currency);
        }
    }

    [Fact]
    public async Task Run_Duplicates_AreStoredAgainUnderADupMsgIdAndNotReportedAsStreamDuplicates()
    {
        var prefix = NewPrefix();

        var result = await Support.Cli.RunAsync("--count", "20", "--duplicates", "1", "--prefix", prefix, "--json", "--nats", Server.Url);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(20, json.RootElement.GetProperty("resent").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("streamDuplicates").GetInt64());
        var stored = await ContractStreams.ReadAsync(Connection, Streams.Names.Commands, prefix);
        Assert.Equal(20, stored.Count(m => m.Headers!["Nats-Msg-Id"]!.EndsWith(":dup", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Run_SameIdsAgainWithinTheWindow_CountsJetStreamDuplicateAcks()
    {
        var prefix = NewPrefix();
        string[] args = ["--count", "10", "--seed", "5", "--prefix", prefix, "--json", "--nats", Server.Url];
        await Support.Cli.RunAsync(args);

        var again = await Support.Cli.RunAsync(args);

        using var json = JsonDocument.Parse(again.Out);
        Assert.Equal(10, json.RootElement.GetProperty("acked").GetInt64());
        Assert.Equal(10, json.RootElement.GetProperty("streamDuplicates").GetInt64());
        Assert.Equal(10, (await ContractStreams.ReadAsync(Connection, Streams.Names.Commands, prefix)).Count);
    }

    [Fact]
    public async Task Run_Bad_PublishesThatManyMalformedCommands()
    {
        var prefix = NewPrefix();

        var result = await Support.Cli.RunAsync("--count", "4", "--bad", "6", "--prefix", prefix, "--nats", Server.Url);

        Assert.Equal(0, result.ExitCode);
        var bad = (await ContractStreams.ReadAsync(Connection, Streams.Names.Commands, prefix + "-bad-")).ToList();
        Assert.Equal(6, bad.Count);
        Assert.All(bad, msg => Assert.False(
            OrdersJson.TryDeserialize<SubmitOrder>(msg.Data.Span, out var order, out _) && Contracts.Validation.CommandValidator.Validate(order).Count == 0));
    }

    [Fact]
    public async Task Run_SameSeedTwice_PublishesIdenticalPayloads()
    {
        var first = NewPrefix();
        var second = NewPrefix();

        await Support.Cli.RunAsync("--count", "8", "--seed", "99", "--prefix", first, "--nats", Server.Url);
        await Support.Cli.RunAsync("--count", "8", "--seed", "99", "--prefix", second, "--nats", Server.Url);

        var a = (await ContractStreams.ReadAsync(Connection, Streams.Names.Commands, first)).Select(m => System.Text.Encoding.UTF8.GetString(m.Data.Span).Replace(first, "P"));
        var b = (await ContractStreams.ReadAsync(Connection, Streams.Names.Commands, second)).Select(m => System.Text.Encoding.UTF8.GetString(m.Data.Span).Replace(second, "P"));
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task Run_Json_PrintsOnlyTheSummaryOnStdout()
    {
        var prefix = NewPrefix();

        var result = await Support.Cli.RunAsync("--count", "3", "--seed", "1", "--prefix", prefix, "--json", "--nats", Server.Url);

        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal(prefix, root.GetProperty("prefix").GetString());
        Assert.Equal(1, root.GetProperty("seed").GetInt32());
        Assert.Equal(3, root.GetProperty("published").GetInt64());
        Assert.Equal(3, root.GetProperty("acked").GetInt64());
        Assert.Equal(3, root.GetProperty("publishLatency").GetProperty("count").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("wait").ValueKind);
        Assert.False(root.GetProperty("interrupted").GetBoolean());
    }

    [Fact]
    public async Task Run_Text_EndsWithTheSummaryLines()
    {
        var prefix = NewPrefix();

        var result = await Support.Cli.RunAsync("--count", "3", "--seed", "1", "--prefix", prefix, "--nats", Server.Url);

        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains($"run {prefix} (seed 1): 3 orders (0 above the decline limit), 0 re-sent duplicates, 0 malformed", lines);
        Assert.Contains("published 3, acked 3, stream duplicates 0, failed 0", lines);
    }
}
