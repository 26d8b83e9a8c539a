using System.Globalization;
using System.Text;

namespace Orders.Chaos;

/// <summary>The table a chaos run prints: the run's figures, the faults, the per-service counters and PASS/FAIL per invariant.</summary>
public static class ChaosReport
{
    /// <summary>Markdown, ready to paste into the README.</summary>
    public static string ToMarkdown(ChaosOptions options, ChaosOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(outcome);
        var total = outcome.Figures.Total;
        var faults = outcome.Faults.GroupBy(f => f.Planned.Kind).ToDictionary(g => g.Key, g => g.Count());
        var text = new StringBuilder();
        var verdict = outcome.Invariants.AllPassed ? "PASS, every invariant holds." : "FAIL, invariants violated.";
        text.AppendLine(CultureInfo.InvariantCulture, $"Chaos run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, seed {options.Seed}: {verdict}");
        text.AppendLine();
        text.AppendLine("| figure | value |");
        text.AppendLine("| --- | ---: |");
        Row(text, "orders", outcome.Workload.Orders);
        Row(text, "commands published", outcome.Workload.CommandsPublished);
        Row(text, "faults injected", string.Join(", ", Enum.GetValues<FaultKind>().Select(k => $"{k} {faults.GetValueOrDefault(k)}")));
        Row(text, "gateway transient failure rate", options.GatewayFailureRate.ToString(CultureInfo.InvariantCulture));
        Row(text, "redeliveries seen", total.Redeliveries);
        Row(text, "duplicates absorbed", total.DuplicatesAbsorbed);
        Row(text, "gaps nak'ed", total.GapsNaked);
        Row(text, "retries nak'ed", total.RetriesNaked);
        Row(text, "conflicts retried", outcome.Figures.ConflictsRetried);
        Row(text, "dead letters", total.DeadLetters);
        Row(text, "driver publishes re-sent (lost ack)", outcome.Workload.Republished);
        Row(text, "workload time (all orders final)", Seconds(outcome.Workload.Elapsed));
        Row(text, "time to quiet (after the last fault)", Seconds(outcome.TimeToQuiet));
        text.AppendLine();
        text.AppendLine("Faults:");
        foreach (var fault in outcome.Faults)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- t+{fault.StartedAt.TotalSeconds:0.0}s {fault.Planned.Kind} {fault.Planned.Instance} -> back at t+{fault.RecoveredAt.TotalSeconds:0.0}s {fault.Note}").TrimEnd());
        }

        text.AppendLine();
        text.Append(outcome.Workload.ToMarkdown());
        text.AppendLine();
        text.AppendLine(outcome.Figures.ToMarkdown());
        text.AppendLine(outcome.Invariants.ToString());
        if (!outcome.Invariants.AllPassed)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Reproduce with --seed {options.Seed}; service logs: {outcome.LogDirectory}");
        }

        return text.ToString();
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.0 s", CultureInfo.InvariantCulture);

    private static void Row<T>(StringBuilder text, string name, T value) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} |");
}
