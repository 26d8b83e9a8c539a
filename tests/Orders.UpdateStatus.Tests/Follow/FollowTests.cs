using Orders.Contracts;
using Orders.Testing;
using Orders.UpdateStatus.Tests.Support;

namespace Orders.UpdateStatus.Tests.Follow;

[Collection(NatsCollection.Name)]
public sealed class FollowTests(NatsServerFixture server) : DeskTestBase(server)
{
    [Fact]
    public async Task Follow_PaidOrder_IsShippedThenDeliveredWithExpectedVersions()
    {
        var prefix = NewPrefix();
        await using var desk = await OrderDeskStub.StartAsync(Connection, prefix);
        await desk.AddAsync($"{prefix}-1", OrderStatus.Paid, 2);

        // From the start: the paid event is already in ORDERS when following begins.
        var result = await Support.Cli.RunAsync("--follow", "--from-start", "--max-actions", "2", "--timeout", "30s", "--nats", Server.Url);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(result.OutLines, l => l.StartsWith($"applied: {prefix}-1 is Shipped at version 3 (request op-", StringComparison.Ordinal) && l.Contains("expected version 2"));
        Assert.Contains(result.OutLines, l => l.StartsWith($"applied: {prefix}-1 is Delivered at version 4 (request op-", StringComparison.Ordinal) && l.Contains("expected version 3"));
        Assert.Equal((OrderStatus.Delivered, 4), desk[$"{prefix}-1"]);
    }

    [Fact]
    public async Task Follow_CancelShareOne_CancelsPaidOrdersAndEndsWithSummary()
    {
        var prefix = NewPrefix();
        await using var desk = await OrderDeskStub.StartAsync(Connection, prefix);
        await desk.AddAsync($"{prefix}-1", OrderStatus.Paid, 2);

        var result = await Support.Cli.RunAsync("--follow", "--from-start", "--cancel-share", "1", "--max-actions", "1", "--nats", Server.Url);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(result.OutLines, l => l.StartsWith($"applied: {prefix}-1 is Cancelled at version 3", StringComparison.Ordinal));
        Assert.Matches(@"^followed \d+\.\d s: 1 updates — shipped 0, delivered 0, cancelled 1; rejected 0; no outcome 0; superseded \d+$", result.OutLines[^1]);
    }
}
