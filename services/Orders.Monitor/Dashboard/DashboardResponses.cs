using Orders.Monitor.Watching;

namespace Orders.Monitor.Dashboard;

/// <summary><c>GET /api/summary</c>, and the <c>summary</c> event of <c>/events</c> (once a second).</summary>
/// <param name="EventsSeen">Messages seen since the monitor started (or since the beginning with --replay).</param>
/// <param name="OrdersTracked">Orders with a known status (at most <c>Monitor:TrackedOrders</c>).</param>
/// <param name="OrdersEvicted">Orders forgotten, least recently updated first, to stay within that bound.</param>
/// <param name="ByStatus">Tracked orders per latest status, every status listed.</param>
/// <param name="Rates">Messages per subject in the last 60 seconds, busiest first.</param>
/// <param name="DeadLetters">The most recent dead letters, newest first.</param>
/// <param name="Connected">Whether the monitor is connected to NATS.</param>
internal sealed record SummaryResponse(
    long EventsSeen,
    long OrdersTracked,
    long OrdersEvicted,
    IReadOnlyDictionary<string, long> ByStatus,
    IReadOnlyList<SubjectRateResponse> Rates,
    IReadOnlyList<FeedItem> DeadLetters,
    bool Connected);

/// <summary>One subject's rate.</summary>
internal sealed record SubjectRateResponse(string Subject, long PerMinute);

/// <summary><c>GET /api/orders/{id}</c>: what the monitor has seen of one order, oldest first.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Status">Its latest status on ORDERS; null when no order event was seen.</param>
/// <param name="Version">Its version at that status.</param>
/// <param name="History">Its events, oldest first (at most the configured number per order).</param>
/// <param name="Truncated">True when older events were dropped from <paramref name="History"/>.</param>
internal sealed record OrderHistoryResponse(string OrderId, string? Status, int? Version, IReadOnlyList<FeedItem> History, bool Truncated);

/// <summary><c>GET /healthz</c>.</summary>
/// <param name="Status"><c>ok</c>, <c>degraded</c> (200) or <c>unhealthy</c> (503); see <see cref="MonitorHealth"/>.</param>
/// <param name="Nats">The connection state.</param>
/// <param name="Streams">Each stream's watcher state.</param>
/// <param name="Reasons">Why it is not ok, one line per cause; empty when ok.</param>
internal sealed record HealthResponse(string Status, string Nats, IReadOnlyDictionary<string, string> Streams, IReadOnlyList<string> Reasons);

/// <summary>
/// A <see cref="MonitorEvent"/> as the dashboard receives it (each <c>/events</c> message, each
/// history and dead-letter entry): plain strings and numbers, camelCase.
/// </summary>
internal sealed record FeedItem(
    DateTimeOffset Time,
    string Stream,
    ulong Sequence,
    string Subject,
    string Kind,
    string? OrderId,
    int? Version,
    string? Status,
    string Details,
    string? Problem,
    string? DeadReason,
    string? OriginalSubject)
{
    public static FeedItem From(MonitorEvent e) => new(
        e.Time, e.Stream, e.Sequence, e.Subject, e.Kind.ToString(), e.OrderId, e.Version, e.Status?.ToString(),
        e.Details, e.Problem, e.DeadReason, e.OriginalSubject);
}
