using System.Net;
using System.Text.Json;
using Orders.StatusService.Tests.Support;
using Orders.Testing;

namespace Orders.StatusService.Tests.Queries;

/// <summary>The HTTP query API of docs/contract.md ("Query API"), byte-level names included.</summary>
[Collection(StatusServiceCollection.Name)]
public sealed class QueryApiTests(NatsServerFixture nats, PostgresFixture postgres)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task GetOrder_KnownOrder_Returns200WithTheContractShape()
    {
        await using var scenario = await StatusServiceScenario.CreateAsync(nats, postgres, "status_api_get");
        var service = await scenario.StartInstanceAsync();
        var order = new OrderEvents("o-42", T0, total: 39.98m);
        await scenario.PublishAsync(order.Created());
        await scenario.PublishAsync(order.Paid());
        await StatusServiceScenario.WaitForVersionAsync(service, order.OrderId, 2);

        using var response = await service.Http.GetAsync("/orders/o-42");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            """{"orderId":"o-42","status":"Paid","version":2,"customerId":"c-7","total":39.98,"currency":"USD","updatedAt":"2026-11-21T08:00:02.000Z","history":[{"version":1,"status":"Created","occurredAt":"2026-11-21T08:00:01.000Z"},{"version":2,"status":"Paid","occurredAt":"2026-11-21T08:00:02.000Z"}]}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetOrder_UnknownOrder_Returns404WithProblemJson()
    {
        await using var scenario = await StatusServiceScenario.CreateAsync(nats, postgres, "status_api_404");
        var service = await scenario.StartInstanceAsync();

        using var response = await service.Http.GetAsync("/orders/o-missing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Contains("o-missing", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListOrders_StatusAndLimit_ReturnsNewestMatchingFirst()
    {
        await using var scenario = await StatusServiceScenario.CreateAsync(nats, postgres, "status_api_list");
        var service = await scenario.StartInstanceAsync();
        await PublishOrdersAsync(scenario, paid: 5, created: 2);

        var paid = await ListAsync(service, "/orders?status=Paid&limit=3");
        var all = await ListAsync(service, "/orders");

        // o-paid-4 was paid last, so it is the newest.
        Assert.Equal(["o-paid-4", "o-paid-3", "o-paid-2"], paid.Select(o => o.GetProperty("orderId").GetString()));
        Assert.All(paid, o => Assert.Equal("Paid", o.GetProperty("status").GetString()));
        Assert.Equal(7, all.Count);
        Assert.Equal(
            all.Select(o => o.GetProperty("updatedAt").GetString()).OrderDescending(StringComparer.Ordinal),
            all.Select(o => o.GetProperty("updatedAt").GetString()));
        Assert.Equal(
            ["orderId", "status", "version", "customerId", "total", "currency", "updatedAt"],
            paid[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task ListOrders_NoneMatching_ReturnsEmptyArray()
    {
        await using var scenario = await StatusServiceScenario.CreateAsync(nats, postgres, "status_api_empty");
        var service = await scenario.StartInstanceAsync();

        using var response = await service.Http.GetAsync("/orders?status=Delivered");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/orders?status=paid", "Unknown status 'paid'")]
    [InlineData("/orders?status=1", "Unknown status '1'")]
    [InlineData("/orders?status=Lost", "Unknown status 'Lost'")]
    [InlineData("/orders?limit=0", "limit must be a whole number from 1 to 1000")]
    [InlineData("/orders?limit=1001", "limit must be a whole number from 1 to 1000")]
    [InlineData("/orders?limit=ten", "limit must be a whole number from 1 to 1000")]
    public async Task ListOrders_BadQuery_Returns400WithPlainMessage(string query, string message)
    {
        await using var scenario = await StatusServiceScenario.CreateAsync(nats, postgres, "status_api_400");
        var service = await scenario.StartInstanceAsync();

        using var response = await service.Http.GetAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_SomeOrders_CountsEveryStatusIncludingZeros()
    {
        await using var scenario = await StatusServiceScenario.CreateAsync(nats, postgres, "status_api_stats");
        var service = await scenario.StartInstanceAsync();
        await PublishOrdersAsync(scenario, paid: 3, created: 2);

        var stats = await service.Http.GetStringAsync("/stats");

        Assert.Equal(
            """{"byStatus":{"Created":2,"Paid":3,"PaymentFailed":0,"Shipped":0,"Delivered":0,"Cancelled":0},"total":5}""",
            stats);
    }

    [Fact]
    public async Task Stats_NoOrders_AllZeros()
    {
        await using var scenario = await StatusServiceScenario.CreateAsync(nats, postgres, "status_api_stats_empty");
        var service = await scenario.StartInstanceAsync();

        var stats = await service.Http.GetStringAsync("/stats");

        Assert.Equal(
            """{"byStatus":{"Created":0,"Paid":0,"PaymentFailed":0,"Shipped":0,"Delivered":0,"Cancelled":0},"total":0}""",
            stats);
    }

    /// <summary>Paid orders o-paid-0.. (paid one after another) and created-only orders o-new-0..; waits until all are applied.</summary>
    private static async Task PublishOrdersAsync(StatusServiceScenario scenario, int paid, int created)
    {
        for (var i = 0; i < paid; i++)
        {
            var order = new OrderEvents($"o-paid-{i}", T0.AddMinutes(i));
            await scenario.PublishAsync(order.Created());
            await scenario.PublishAsync(order.Paid());
        }

        for (var i = 0; i < created; i++)
        {
            await scenario.PublishAsync(new OrderEvents($"o-new-{i}", T0.AddHours(-1).AddMinutes(i)).Created());
        }

        await scenario.WaitUntilConsumedAsync();
    }

    private static async Task<IReadOnlyList<JsonElement>> ListAsync(StatusServiceInstance service, string query)
    {
        using var response = await service.Http.GetAsync(query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return [.. body.EnumerateArray().Select(e => e.Clone())];
    }
}
