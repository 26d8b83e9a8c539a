using System.Diagnostics;

namespace Orders.PushOrder.Metrics;

/// <summary>
/// Records latencies and reports percentiles computed from every recorded value (nearest rank),
/// not from an approximation: a driver run records at most a few million values. Thread-safe.
/// </summary>
internal sealed class LatencyRecorder
{
    private readonly List<double> _milliseconds = [];
    private readonly Lock _gate = new();

    public int Count
    {
        get { lock (_gate) { return _milliseconds.Count; } }
    }

    public void Record(TimeSpan latency)
    {
        lock (_gate)
        {
            _milliseconds.Add(latency.TotalMilliseconds);
        }
    }

    /// <summary>Records the time from <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp) to <paramref name="endTimestamp"/>.</summary>
    public void RecordBetween(long startTimestamp, long endTimestamp) => Record(Stopwatch.GetElapsedTime(startTimestamp, endTimestamp));

    public LatencySummary Summarize()
    {
        double[] sorted;
        lock (_gate)
        {
            sorted = [.. _milliseconds];
        }

        Array.Sort(sorted);
        return sorted.Length == 0
            ? LatencySummary.Empty
            : new LatencySummary(sorted.Length, Round(Percentile(sorted, 0.50)), Round(Percentile(sorted, 0.95)), Round(Percentile(sorted, 0.99)), Round(sorted[^1]));
    }

    // Microseconds are the most a stopwatch-timed network round trip can claim.
    private static double Round(double milliseconds) => Math.Round(milliseconds, 3);

    /// <summary>Nearest rank: the smallest value with at least <paramref name="p"/> of all values at or below it.</summary>
    internal static double Percentile(double[] sorted, double p)
    {
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
