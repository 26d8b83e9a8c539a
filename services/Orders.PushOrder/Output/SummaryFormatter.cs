using System.Globalization;
using System.Text.Json;
using Orders.Drivers;
using Orders.PushOrder.Metrics;
using Orders.PushOrder.Publishing;

namespace Orders.PushOrder.Output;

/// <summary>The run summary and progress lines as text, and the summary as JSON. No I/O: tests check the text.</summary>
internal static class SummaryFormatter
{
    public static string ToJson(PushOrderSummary summary) => JsonSerializer.Serialize(summary, PushOrderJsonContext.Default.PushOrderSummary);

    public static IReadOnlyList<string> ToText(PushOrderSummary summary)
    {
        var lines = new List<string>
        {
            Invariant($"run {summary.Prefix} (seed {summary.Seed}){(summary.Interrupted ? ", interrupted" : "")}: {summary.Orders} orders ({summary.AboveDeclineLimit} above the decline limit), {summary.Resent} re-sent duplicates, {summary.Malformed} malformed"),
            Invariant($"published {summary.Published}, acked {summary.Acked}, stream duplicates {summary.StreamDuplicates}, failed {summary.Failed}"),
            Invariant($"publish latency {Percentiles(summary.PublishLatency)}; {summary.Acked} acks in {Seconds(summary.PublishSeconds)} = {summary.PublishRate:0} msg/s"),
        };

        if (summary.FirstError is { } error)
        {
            lines.Add($"first failure: {error.ReplaceLineEndings(" ")}");
        }

        if (summary.Wait is { } wait)
        {
            var ending = wait.TimedOut ? $", {wait.Outstanding} still outstanding at the wait timeout" : wait.Outstanding > 0 ? $", {wait.Outstanding} outstanding" : "";
            lines.Add(Invariant($"outcomes of {wait.Awaited} new orders: paid {wait.Paid}, payment-failed {wait.PaymentFailed}{ending}"));
            lines.Add(Invariant($"end-to-end latency {Percentiles(wait.EndToEnd)}; {wait.Paid + wait.PaymentFailed} orders in {Seconds(wait.Seconds)} = {wait.OrdersPerSecond:0.#} orders/s"));
        }

        return lines;
    }

    /// <summary>One progress line, e.g. <c>published 400/1000, acked 390, failed 0, paid 300, payment-failed 12 (1.2 s)</c>.</summary>
    public static string ProgressLine(RunCounters counters, TimeSpan elapsed)
    {
        var line = Invariant($"published {counters.Published}/{counters.PlannedCommands}, acked {counters.Acked}, failed {counters.Failed}");
        if (counters.Waiting)
        {
            line += Invariant($", paid {counters.Paid}, payment-failed {counters.PaymentFailed}");
        }

        return $"{line} ({Durations.Describe(elapsed)})";
    }

    public static string Percentiles(LatencySummary latency) =>
        latency.Count == 0
            ? "n/a (nothing measured)"
            : $"p50 {Ms(latency.P50Ms)}, p95 {Ms(latency.P95Ms)}, p99 {Ms(latency.P99Ms)} (max {Ms(latency.MaxMs)})";

    private static string Ms(double milliseconds) =>
        milliseconds < 10 ? Invariant($"{milliseconds:0.00} ms") : Invariant($"{milliseconds:0} ms");

    private static string Seconds(double seconds) => Invariant($"{seconds:0.00} s");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
