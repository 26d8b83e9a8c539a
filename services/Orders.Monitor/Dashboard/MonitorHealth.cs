using System.Globalization;
using Orders.Monitor.Watching;

namespace Orders.Monitor.Dashboard;

/// <summary>
/// What <c>/healthz</c> says. Unhealthy (503) when NATS is unreachable or a stream's watcher has
/// been without its consumer for longer than the threshold: the dashboard would silently show
/// nothing for that stream. Degraded (200, with the reason) while it is within the threshold, which
/// covers a start before the services have created the streams and a server restart.
/// </summary>
internal static class MonitorHealth
{
    public const string Ok = "ok";
    public const string Degraded = "degraded";
    public const string Unhealthy = "unhealthy";

    public static HealthResponse Of(WatchingService watching, TimeSpan unhealthyAfter)
    {
        var reasons = new List<string>();
        var unhealthy = !watching.IsConnected;
        if (unhealthy)
        {
            reasons.Add($"NATS connection {watching.Connection.ConnectionState}");
        }

        foreach (var watcher in watching.Watchers.Where(w => w.State != StreamWatcherState.Watching))
        {
            var since = watcher.TimeInState;
            var tooLong = since > unhealthyAfter;
            unhealthy |= tooLong;
            reasons.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{watcher.Stream}: {watcher.State} for {since.TotalSeconds:0}s (unhealthy after {unhealthyAfter.TotalSeconds:0}s)"));
        }

        var status = unhealthy ? Unhealthy : reasons.Count > 0 ? Degraded : Ok;
        return new HealthResponse(
            status,
            watching.Connection.ConnectionState.ToString(),
            watching.Watchers.ToDictionary(w => w.Stream, w => w.State.ToString()),
            reasons);
    }
}
