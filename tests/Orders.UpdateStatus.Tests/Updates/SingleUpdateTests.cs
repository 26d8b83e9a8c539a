using System.Text.Json;
using Orders.Contracts;
using Orders.Testing;
using Orders.UpdateStatus.Tests.Support;

namespace Orders.UpdateStatus.Tests.Updates;

[Collection(NatsCollection.Name)]
public sealed class SingleUpdateTests(NatsServerFixture server) : DeskTestBase(server)
{
    [Fact]
    public async Task Update_Applied_ExitsZeroWithOneLine()
    {
        var prefix = NewPrefix();
        await using var desk = await OrderDeskStub.StartAsync(Connection, prefix);
        await desk.AddAsync($"{prefix}-1", OrderStatus.Paid, 2);

        var result = await Support.Cli.RunAsync("--order", $"{prefix}-1", "--status", "shipped", "--expected-version", "2", "--request-id", $"{prefix}-r1", "--nats", Server.Url);

        Assert.Equal(0, result.ExitCode);
        var line = Assert.Single(result.OutLines);
        Assert.StartsWith($"applied: {prefix}-1 is Shipped at version 3 (request {prefix}-r1, expected version 2, ", line);
        Assert.Equal((OrderStatus.Shipped, 3), desk[$"{prefix}-1"]);
    }

    [Fact]
    public async Task Update_InvalidTransition_ExitsOneWithReasonStatusAndVersion()
    {
        var prefix = NewPrefix();
        await using var desk = await OrderDeskStub.StartAsync(Connection, prefix);
        await desk.AddAsync($"{prefix}-1", OrderStatus.Created, 1);

        var result = await Support.Cli.RunAsync("--order", $"{prefix}-1", "--status", "Delivered", "--request-id", $"{prefix}-r2", "--nats", Server.Url);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.OutLines);
        Assert.StartsWith($"rejected: {prefix}-1 not Delivered — invalid-transition, it is Created at version 1 (request {prefix}-r2, ", line);
    }

    [Fact]
    public async Task Update_UnknownOrderAsJson_ExitsOneWithTheRejection()
    {
        var prefix = NewPrefix();
        await using var desk = await OrderDeskStub.StartAsync(Connection, prefix);

        var result = await Support.Cli.RunAsync("--order", $"{prefix}-404", "--status", "Cancelled", "--request-id", $"{prefix}-r3", "--json", "--nats", Server.Url);

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("rejected", json.RootElement.GetProperty("outcome").GetString());
        Assert.Equal("unknown-order", json.RootElement.GetProperty("reason").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("currentVersion").GetInt32());
        Assert.False(json.RootElement.TryGetProperty("currentStatus", out _));
    }

    [Fact]
    public async Task Update_NobodyAnswers_ExitsTwoWithOneLineAfterTheTimeout()
    {
        var prefix = NewPrefix();

        var result = await Support.Cli.RunAsync("--order", $"{prefix}-1", "--status", "Shipped", "--request-id", $"{prefix}-r4", "--timeout", "300ms", "--nats", Server.Url);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Equal([$"update-status: no outcome for request {prefix}-r4 ({prefix}-1 → Shipped) within 300 ms — is order-service running? (./run.sh up)"], result.ErrorLines);
    }

    [Fact]
    public async Task Update_SameRequestIdAgain_ExitsTwoSayingItWasAlreadySent()
    {
        var prefix = NewPrefix();
        await using var desk = await OrderDeskStub.StartAsync(Connection, prefix);
        await desk.AddAsync($"{prefix}-1", OrderStatus.Paid, 2);
        string[] args = ["--order", $"{prefix}-1", "--status", "Shipped", "--request-id", $"{prefix}-r5", "--nats", Server.Url];
        await Support.Cli.RunAsync(args);

        var again = await Support.Cli.RunAsync(args);

        Assert.Equal(2, again.ExitCode);
        Assert.Equal([$"update-status: request {prefix}-r5 was already sent within JetStream's duplicate window, so it was dropped and no new outcome follows — use another --request-id"], again.ErrorLines);
    }
}
