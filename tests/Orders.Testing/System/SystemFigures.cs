using System.Globalization;
using System.Text;
using Orders.Messaging.Pipeline;

namespace Orders.Testing.SystemUnderTest;

/// <summary>
/// What the whole system did in a run, summed over every instance and every lifetime of an
/// instance (a killed instance's counters are read just before the kill).
/// </summary>
/// <param name="PerService">Pipeline figures summed per service name.</param>
/// <param name="ConflictsRetried">Commits that lost an optimistic-concurrency race and were decided again (each instance's <c>/stats/pipeline</c> <c>conflictsRetried</c>).</param>
/// <param name="Restarts">Instance starts beyond the first one of each instance.</param>
public sealed record SystemFigures(IReadOnlyDictionary<string, PipelineStatsSnapshot> PerService, long ConflictsRetried, int Restarts)
{
    /// <summary>Every service's totals summed.</summary>
    public ConsumerStatsSnapshot Total => PerService.Values.Aggregate(ConsumerStatsSnapshot.Zero, (sum, figures) => sum + figures.Total);

    /// <summary>A Markdown table: one row per service and one for the system.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| service | received | acked | duplicates absorbed | gaps nak'ed | retries nak'ed | redeliveries | dead letters | ignored |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (service, figures) in PerService.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            AppendRow(text, service, figures.Total);
        }

        AppendRow(text, "**all**", Total);
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Conflicts retried (commits that lost a race and decided again): {ConflictsRetried}. Instance restarts: {Restarts}.");
        return text.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => ToMarkdown();

    private static void AppendRow(StringBuilder text, string name, ConsumerStatsSnapshot f) =>
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| {name} | {f.Received} | {f.Acked} | {f.DuplicatesAbsorbed} | {f.GapsNaked} | {f.RetriesNaked} | {f.Redeliveries} | {f.DeadLetters} | {f.Ignored} |");
}
