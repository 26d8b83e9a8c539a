namespace Orders.Monitor.Hosting;

/// <summary>
/// Settings of the monitor (configuration section <c>Monitor</c>, e.g. <c>ORDERS_Monitor__FeedSize=1000</c>).
/// Every in-memory structure is bounded by one of these, so the monitor's memory does not grow
/// with the number of messages or orders it has seen.
/// </summary>
internal sealed record MonitorOptions
{
    public const string SectionName = "Monitor";

    /// <summary>Where the dashboard listens; <c>--urls</c> wins when given.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:8080";

    /// <summary>Start every consumer at the first message of its stream instead of at new messages (<c>--replay</c>).</summary>
    public bool Replay { get; init; }

    /// <summary>Print no console line per message (<c>--no-console</c>).</summary>
    public bool NoConsole { get; init; }

    /// <summary>Events the dashboard keeps for its feed (newest first), and sends a page when it connects.</summary>
    public int FeedSize { get; init; } = 500;

    /// <summary>Dead letters the dashboard keeps.</summary>
    public int DeadLetterSize { get; init; } = 100;

    /// <summary>
    /// Orders whose latest status is tracked for "orders by status" (about 150 bytes each); beyond it the
    /// least recently updated order is forgotten, and the dashboard says how many were.
    /// </summary>
    public int TrackedOrders { get; init; } = 100_000;

    /// <summary>Orders whose history is kept for the search box (least recently touched are forgotten first).</summary>
    public int IndexedOrders { get; init; } = 10_000;

    /// <summary>Events kept per order in that history (the oldest are dropped first).</summary>
    public int HistoryPerOrder { get; init; } = 100;

    /// <summary>
    /// Spans kept for the order journeys (<c>POST /api/v2/spans</c>, a few hundred bytes each; about
    /// 40 per order with database spans): beyond it the oldest spans are dropped first.
    /// </summary>
    public int TraceSpans { get; init; } = 50_000;

    /// <summary>Heartbeat the server sends on an idle consumer; a few missed ones make the watcher look for its consumer.</summary>
    public TimeSpan IdleHeartbeat { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a stream's watcher may be without its consumer (stream missing, recovering) before
    /// <c>/healthz</c> answers 503; until then it answers 200 "degraded" with the reason.
    /// </summary>
    public TimeSpan WatcherUnhealthyAfter { get; init; } = TimeSpan.FromSeconds(15);
}
