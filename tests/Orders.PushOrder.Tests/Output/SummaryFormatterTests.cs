using System.Text.Json;
using Orders.PushOrder.Metrics;
using Orders.PushOrder.Output;
using Orders.PushOrder.Publishing;

namespace Orders.PushOrder.Tests.Output;

public sealed class SummaryFormatterTests
{
    private static readonly PushOrderSummary Summary = new(
        "o-abc12", 7, 100, 10, 5, 2, 107, 107, 0, 0, null, new LatencySummary(107, 1.5, 4.25, 12.4, 20), 0.5,
        new WaitSummary(100, 90, 10, 0, false, new LatencySummary(100, 30, 80, 120, 150), 2), false);

    [Fact]
    public void ToText_CompleteRun_ListsCountsLatenciesAndOutcomes()
    {
        var lines = SummaryFormatter.ToText(Summary);

        Assert.Equal(
        [
            "run o-abc12 (seed 7): 100 orders (10 above the decline limit), 5 re-sent duplicates, 2 malformed",
            "published 107, acked 107, stream duplicates 0, failed 0",
            "publish latency p50 1.50 ms, p95 4.25 ms, p99 12 ms (max 20 ms); 107 acks in 0.50 s = 214 msg/s",
            "outcomes of 100 new orders: paid 90, payment-failed 10",
            "end-to-end latency p50 30 ms, p95 80 ms, p99 120 ms (max 150 ms); 100 orders in 2.00 s = 50 orders/s",
        ], lines);
    }

    [Fact]
    public void ToText_WaitTimedOut_SaysHowManyAreOutstanding()
    {
        var summary = Summary with { Wait = Summary.Wait! with { Paid = 60, PaymentFailed = 0, Outstanding = 40, TimedOut = true } };

        Assert.Contains("outcomes of 100 new orders: paid 60, payment-failed 0, 40 still outstanding at the wait timeout", SummaryFormatter.ToText(summary));
    }

    [Fact]
    public void ToJson_Summary_HasTheDocumentedShape()
    {
        using var json = JsonDocument.Parse(SummaryFormatter.ToJson(Summary));
        var root = json.RootElement;

        Assert.Equal("o-abc12", root.GetProperty("prefix").GetString());
        Assert.Equal(107, root.GetProperty("acked").GetInt64());
        Assert.Equal(0, root.GetProperty("streamDuplicates").GetInt64());
        Assert.Equal(5, root.GetProperty("resent").GetInt32());
        Assert.Equal(4.25, root.GetProperty("publishLatency").GetProperty("p95Ms").GetDouble());
        Assert.Equal(90, root.GetProperty("wait").GetProperty("paid").GetInt64());
        Assert.Equal(120, root.GetProperty("wait").GetProperty("endToEnd").GetProperty("p99Ms").GetDouble());
        Assert.Equal(50, root.GetProperty("wait").GetProperty("ordersPerSecond").GetDouble());
        Assert.Equal(0, root.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public void ExitCode_Outstanding_IsOne()
    {
        var summary = Summary with { Wait = Summary.Wait! with { Outstanding = 1 } };

        Assert.Equal(1, summary.ExitCode);
    }
}
