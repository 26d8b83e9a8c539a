using System.Net.Http.Json;
using System.Text.Json;
using Orders.Monitor.Tests.Support;
using Orders.Testing;

namespace Orders.Monitor.Tests.Dashboard;

/// <summary><c>GET /api/summary</c> of a monitor fed from a real nats-server.</summary>
[Collection(MonitorCollection.Name)]
public sealed class SummaryApiTests(RestrictedNatsFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly Wire _wire = new(fixture.Nats);

    [Fact]
    public async Task Summary_MoreOrdersThanTracked_CountsTheTrackedOnesAndSaysHowManyWereForgotten()
    {
        await using var monitor = await MonitorInstance.StartAsync(fixture.Nats, "--Monitor:TrackedOrders=3");
        await monitor.WaitUntilWatchingAsync();
        using var http = new HttpClient { BaseAddress = monitor.BaseAddress };
        var orderIds = Enumerable.Range(0, 5).Select(_ => Wire.NewOrderId()).ToList();

        foreach (var orderId in orderIds)
        {
            await _wire.CreatedAsync(orderId);
        }

        await _wire.PaidAsync(orderIds[^1]);
        JsonElement summary = default;
        await Eventually.WaitUntilAsync(
            async () => (summary = await http.GetFromJsonAsync<JsonElement>("api/summary")).GetProperty("byStatus").GetProperty("Paid").GetInt64() == 1,
            Timeout,
            "the last order paid on the dashboard");

        Assert.Equal((3L, 2L), (summary.GetProperty("ordersTracked").GetInt64(), summary.GetProperty("ordersEvicted").GetInt64()));
        Assert.Equal(2L, summary.GetProperty("byStatus").GetProperty("Created").GetInt64());
        var forgotten = await http.GetFromJsonAsync<JsonElement>($"api/orders/{orderIds[0]}");
        Assert.Equal(JsonValueKind.Null, forgotten.GetProperty("status").ValueKind);
    }
}
