using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orders.Monitor.Tests.Support;
using Orders.Testing;

namespace Orders.Monitor.Tests.Dashboard;

/// <summary>
/// <c>GET /healthz</c> tells the truth about the watchers: a stream the monitor cannot watch makes
/// it degraded, and unhealthy (503, with the reason) once that lasts past the threshold.
/// </summary>
public sealed class HealthApiTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Healthz_StreamsMissingWithinTheThreshold_ReturnsDegradedWithTheReason()
    {
        await using var nats = await RestrictedNats.StartAsync(createStreams: false);
        await using var monitor = await MonitorInstance.StartAsync(nats, "--Monitor:WatcherUnhealthyAfter=00:10:00");
        using var http = new HttpClient { BaseAddress = monitor.BaseAddress };

        var health = await WaitForStatusAsync(http, "degraded", "ORDERS: WaitingForStream");

        Assert.Equal("Open", health.GetProperty("nats").GetString());
    }

    [Fact]
    public async Task Healthz_StreamsMissingPastTheThreshold_Returns503UntilTheyAppear()
    {
        await using var nats = await RestrictedNats.StartAsync(createStreams: false);
        await using var monitor = await MonitorInstance.StartAsync(nats, "--Monitor:WatcherUnhealthyAfter=00:00:01");
        using var http = new HttpClient { BaseAddress = monitor.BaseAddress };

        // Unhealthy while still connecting too: wait for the reason this test is about.
        await WaitForStatusAsync(http, "unhealthy", "DEADLETTER: WaitingForStream");
        using (var response = await http.GetAsync("healthz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        await nats.CreateStreamsAsync();
        var ok = await WaitForStatusAsync(http, "ok");

        Assert.Empty(ok.GetProperty("reasons").EnumerateArray());
    }

    /// <summary>
    /// The body of <c>/healthz</c> once its status is <paramref name="status"/> (whatever the HTTP
    /// code) and, when given, one of its reasons starts with <paramref name="reason"/>.
    /// </summary>
    private static async Task<JsonElement> WaitForStatusAsync(HttpClient http, string status, string? reason = null)
    {
        JsonElement body = default;
        await Eventually.WaitUntilAsync(
            async () =>
            {
                using var response = await http.GetAsync("healthz");
                body = await response.Content.ReadFromJsonAsync<JsonElement>();
                return body.GetProperty("status").GetString() == status
                    && (reason is null || body.GetProperty("reasons").EnumerateArray().Any(r => r.GetString()!.StartsWith(reason, StringComparison.Ordinal)));
            },
            Timeout,
            $"/healthz says {status}{(reason is null ? "" : $" with \"{reason}...\"")}");
        return body;
    }
}
