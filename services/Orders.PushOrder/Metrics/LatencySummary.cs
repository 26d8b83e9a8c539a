namespace Orders.PushOrder.Metrics;

/// <summary>Percentiles of recorded latencies, in milliseconds.</summary>
internal sealed record LatencySummary(int Count, double P50Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0);
}
