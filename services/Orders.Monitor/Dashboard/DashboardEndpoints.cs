using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Orders.Monitor.Hosting;
using Orders.Monitor.Watching;

namespace Orders.Monitor.Dashboard;

/// <summary>The dashboard's HTTP surface: the page (wwwroot), <c>/events</c>, <c>/api/summary</c>, <c>/api/orders/{id}</c>, <c>/healthz</c>.</summary>
internal static class DashboardEndpoints
{
    /// <summary>How often <c>/events</c> sends a <c>summary</c> event (counts, rates, dead letters).</summary>
    private static readonly TimeSpan SummaryInterval = TimeSpan.FromSeconds(1);

    public static WebApplication MapDashboard(this WebApplication app)
    {
        // The page ships inside the assembly, so the monitor serves it from any working directory.
        var files = new EmbeddedFileProvider(typeof(DashboardEndpoints).Assembly, "Orders.Monitor.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });

        app.MapGet("/events", (DashboardState state, WatchingService watching, CancellationToken ct) =>
            TypedResults.ServerSentEvents(Stream(state, watching, ct)));
        app.MapGet("/api/summary", (DashboardState state, WatchingService watching) =>
            TypedResults.Ok(state.Summary(watching.IsConnected)));
        app.MapGet("/api/orders/{orderId}", IResult (string orderId, DashboardState state) =>
            state.History(orderId) is { } history ? TypedResults.Ok(history) : TypedResults.NotFound());
        app.MapGet("/healthz", IResult (WatchingService watching, IOptions<MonitorOptions> options) =>
        {
            var health = MonitorHealth.Of(watching, options.Value.WatcherUnhealthyAfter);
            return health.Status == MonitorHealth.Unhealthy
                ? TypedResults.Json(health, DashboardJsonContext.Default.HealthResponse, statusCode: StatusCodes.Status503ServiceUnavailable)
                : TypedResults.Ok(health);
        });
        return app;
    }

    /// <summary>
    /// One browser's stream: the recent feed first (oldest first, so the page can prepend), then
    /// every new event as it happens (default event type, data = the event's JSON), and a
    /// <c>summary</c> event every second.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<string>> Stream(
        DashboardState state, WatchingService watching, [EnumeratorCancellation] CancellationToken ct)
    {
        using var subscription = state.Subscribe();
        foreach (var monitorEvent in subscription.Recent)
        {
            yield return EventItem(monitorEvent);
        }

        yield return SummaryItem(state, watching);

        using var timer = new PeriodicTimer(SummaryInterval);
        var tick = timer.WaitForNextTickAsync(ct).AsTask();
        Task<bool>? readable = null;
        while (true)
        {
            readable ??= subscription.Events.WaitToReadAsync(ct).AsTask();
            if (await Task.WhenAny(readable, tick).ConfigureAwait(false) == tick)
            {
                if (!await tick.ConfigureAwait(false))
                {
                    yield break;
                }

                yield return SummaryItem(state, watching);
                tick = timer.WaitForNextTickAsync(ct).AsTask();
                continue;
            }

            if (!await readable.ConfigureAwait(false))
            {
                yield break;
            }

            readable = null;
            while (subscription.Events.TryRead(out var monitorEvent))
            {
                yield return EventItem(monitorEvent);
            }
        }
    }

    private static SseItem<string> EventItem(MonitorEvent monitorEvent) =>
        new(JsonSerializer.Serialize(FeedItem.From(monitorEvent), DashboardJsonContext.Default.FeedItem));

    private static SseItem<string> SummaryItem(DashboardState state, WatchingService watching) =>
        new(JsonSerializer.Serialize(state.Summary(watching.IsConnected), DashboardJsonContext.Default.SummaryResponse), "summary");
}
