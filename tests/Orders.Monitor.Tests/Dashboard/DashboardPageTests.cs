using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Orders.Contracts;
using Orders.Contracts.Messaging;
using Orders.Monitor.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Orders.Monitor.Tests.Dashboard;

/// <summary>The dashboard in a real headless Chromium, fed by the monitor from a real nats-server.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardPageTests(DashboardFixture fixture) : IAsyncLifetime
{
    private const float Timeout = 30_000;
    private readonly Wire _wire = new(fixture.Nats);
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        // A laptop screen.
        _context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        _page = await _context.NewPageAsync();
        _page.SetDefaultTimeout(Timeout);
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task Page_Loads_ShowsLiveConnectionAndEveryStatus()
    {
        await OpenAsync();

        await Expect(_page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        await Expect(_page.Locator("#statuses .tile")).ToHaveCountAsync(6);
    }

    [Fact]
    public async Task Feed_EventPublishedAfterLoad_AppearsAtTheTop()
    {
        await OpenAsync();
        var orderId = Wire.NewOrderId();

        await _wire.CreatedAsync(orderId);

        var row = _page.Locator($"#feed tr[data-order='{orderId}']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("orders.created");
        await Expect(row).ToContainTextAsync("total 39.98 USD");
        await Expect(_page.Locator("#feed tr").First).ToHaveAttributeAsync("data-order", orderId);
    }

    [Fact]
    public async Task StatusCounts_OrderEvents_UpdateOrdersByStatus()
    {
        await OpenAsync();
        var before = await ByStatusAsync();
        var paid = Wire.NewOrderId();

        await _wire.CreatedAsync(Wire.NewOrderId());
        await _wire.CreatedAsync(Wire.NewOrderId());
        await _wire.CreatedAsync(paid);
        await _wire.PaidAsync(paid);

        await Expect(_page.Locator("#count-Created")).ToHaveTextAsync(Number(before["Created"] + 2));
        await Expect(_page.Locator("#count-Paid")).ToHaveTextAsync(Number(before["Paid"] + 1));
    }

    [Fact]
    public async Task DeadLetters_DeadLetterPublished_ShowsItsReasonAndOriginalSubject()
    {
        await OpenAsync();
        var orderId = Wire.NewOrderId();
        var reason = $"conflicting content for existing order {orderId}";

        await _wire.DeadLetterAsync(Subjects.Commands.SubmitOrder,
            Orders.Contracts.Json.OrdersJson.Serialize(new SubmitOrder(orderId, "c-1", "USD", [new OrderItem("SKU-9", 1, 5m)])), reason);

        var entry = _page.Locator("#dead-letters li", new PageLocatorOptions { HasText = reason });
        await Expect(entry).ToBeVisibleAsync();
        await Expect(entry).ToContainTextAsync("original commands.submit-order");
        await Expect(_page.Locator($"#feed tr.k-DeadLetter[data-order='{orderId}']")).ToContainTextAsync(reason);
    }

    [Fact]
    public async Task Search_OrderId_ShowsThatOrdersHistoryInOrder()
    {
        var orderId = Wire.NewOrderId();
        await _wire.SubmitOrderAsync(orderId);
        await _wire.CreatedAsync(orderId);
        await _wire.PaidAsync(orderId);
        await _wire.ShippedAsync(orderId);
        await OpenAsync();
        await Expect(_page.Locator($"#feed tr[data-order='{orderId}'][data-subject='orders.shipped']")).ToBeVisibleAsync();

        await _page.FillAsync("#search-input", orderId);
        await _page.ClickAsync("#search button");

        await Expect(_page.Locator("#history-status")).ToContainTextAsync("Shipped, version 3");
        await Expect(_page.Locator("#history tr")).ToHaveCountAsync(4);
        await Expect(_page.Locator("#history tr td.s")).ToHaveTextAsync(
            [Subjects.Commands.SubmitOrder, Subjects.Orders.Created, Subjects.Orders.Paid, Subjects.Orders.Shipped]);
    }

    [Fact]
    public async Task Search_OrderWithTrace_ShowsItsJourneyAsAWaterfall()
    {
        var orderId = Wire.NewOrderId();
        const string traceId = "5af92f3577b34da6a3ce929d0e0e4736";
        await PostSpansAsync(orderId, traceId);
        await OpenAsync();

        await _page.FillAsync("#search-input", orderId);
        await _page.ClickAsync("#search button");

        await Expect(_page.Locator("#journey-status")).ToContainTextAsync(traceId);
        await Expect(_page.Locator("#journey .span-row .span-label")).ToHaveTextAsync(
            ["push-order · publish commands.submit-order", "order-service · process commands.submit-order"]);
    }

    [Fact]
    public async Task Open_AddressWithOrderParameter_ShowsThatOrdersHistoryAndJourney()
    {
        var orderId = Wire.NewOrderId();
        await _wire.SubmitOrderAsync(orderId);
        await _wire.CreatedAsync(orderId);
        await PostSpansAsync(orderId, "0af7651916cd43dd8448eb211c80319c");
        await OpenAsync();
        await Expect(_page.Locator($"#feed tr[data-order='{orderId}'][data-subject='orders.created']")).ToBeVisibleAsync();

        await _page.GotoAsync(new Uri(fixture.Monitor.BaseAddress, $"?order={orderId}").ToString());

        await Expect(_page.Locator("#history-order")).ToHaveTextAsync(orderId);
        await Expect(_page.Locator("#history tr")).ToHaveCountAsync(2);
        await Expect(_page.Locator("#journey-status")).ToContainTextAsync("0af7651916cd43dd8448eb211c80319c");
    }

    [Fact]
    public async Task Search_OrderId_PutsTheOrderInTheAddress()
    {
        var orderId = Wire.NewOrderId();
        await OpenAsync();

        await _page.FillAsync("#search-input", orderId);
        await _page.ClickAsync("#search button");

        await Expect(_page).ToHaveURLAsync(new Uri(fixture.Monitor.BaseAddress, $"?order={orderId}").ToString());
    }

    [Fact]
    public async Task Screenshot_UnderLoad_IsWrittenToArtifacts()
    {
        await OpenAsync();
        var before = await SummaryAsync();
        var published = await PublishMixedLoadAsync(orders: 42);

        await Expect(_page.Locator("#events-seen")).ToHaveTextAsync(Number(before.GetProperty("eventsSeen").GetInt64() + published));
        await Expect(_page.Locator("#rates li").First).ToContainTextAsync("/min");

        var path = Path.Combine(RepositoryRoot.Path, "artifacts", "monitor-dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        Assert.True(new FileInfo(path).Length > 10_000, "the screenshot should not be empty");
    }

    /// <summary>A realistic mix: most orders go the whole way, some are declined, some updates are rejected, a few dead letters.</summary>
    private async Task<int> PublishMixedLoadAsync(int orders)
    {
        var count = 0;
        for (var i = 0; i < orders; i++)
        {
            var orderId = $"o-{i:D4}-{Guid.NewGuid().ToString("N")[..4]}";
            await _wire.SubmitOrderAsync(orderId);
            await _wire.CreatedAsync(orderId, 20m + i);
            count += 2;
            if (i % 7 == 3)
            {
                await _wire.DeclinedAsync(orderId);
                await _wire.PaymentFailedAsync(orderId);
                count += 2;
                continue;
            }

            await _wire.CapturedAsync(orderId, 20m + i);
            await _wire.PaidAsync(orderId, 20m + i);
            count += 2;
            if (i % 3 == 0)
            {
                await _wire.UpdateStatusAsync(orderId, $"r-s-{orderId}", OrderStatus.Shipped, 2);
                await _wire.ShippedAsync(orderId);
                count += 2;
            }

            if (i % 5 == 1)
            {
                await _wire.RejectedAsync(orderId, $"r-x-{orderId}", RejectionReasons.VersionConflict);
                count++;
            }

            if (i % 11 == 5)
            {
                await _wire.DeadLetterAsync(Subjects.Commands.UpdateStatus, "{\"orderId\":\"oops\""u8.ToArray(), "the payload is not valid JSON: unexpected end of data at byte 18");
                count++;
            }
        }

        return count;
    }

    /// <summary>Two spans of the order's trace, as a service and a driver export them.</summary>
    private async Task PostSpansAsync(string orderId, string traceId)
    {
        var spans = $$$"""
            [{"traceId":"{{{traceId}}}","id":"10f067aa0ba902b7","name":"publish commands.submit-order","kind":"PRODUCER","timestamp":1764950000000000,
              "duration":1500,"localEndpoint":{"serviceName":"push-order"},"tags":{"orders.order_id":"{{{orderId}}}"}},
             {"traceId":"{{{traceId}}}","id":"17ad6b7169203331","parentId":"10f067aa0ba902b7","name":"process commands.submit-order","kind":"CONSUMER",
              "timestamp":1764950000000400,"duration":9000,"localEndpoint":{"serviceName":"order-service"},"tags":{"orders.order_id":"{{{orderId}}}"}}]
            """;
        using var http = new HttpClient { BaseAddress = fixture.Monitor.BaseAddress };
        using var posted = await http.PostAsync("api/v2/spans", new StringContent(spans, System.Text.Encoding.UTF8, "application/json"));
        posted.EnsureSuccessStatusCode();
    }

    private async Task OpenAsync()
    {
        await _page.GotoAsync(fixture.Monitor.BaseAddress.ToString());
        await Expect(_page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
    }

    private async Task<JsonElement> SummaryAsync()
    {
        using var http = new HttpClient { BaseAddress = fixture.Monitor.BaseAddress };
        return await http.GetFromJsonAsync<JsonElement>("api/summary");
    }

    private async Task<Dictionary<string, long>> ByStatusAsync() =>
        (await SummaryAsync()).GetProperty("byStatus").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());

    private static string Number(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);
}
