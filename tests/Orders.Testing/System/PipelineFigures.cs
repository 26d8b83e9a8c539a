using System.Text.Json;

namespace Orders.Testing.SystemUnderTest;

/// <summary>
/// What a service instance serves at <c>GET /stats/pipeline</c> (Orders.Messaging's
/// <c>PipelineStatsSnapshot</c>, read as JSON so the harness does not depend on the server library):
/// totals over the instance's consumers and the figures per consumer (<c>STREAM/durable</c>).
/// </summary>
public sealed record PipelineFigures(ConsumerFigures Total, IReadOnlyDictionary<string, ConsumerFigures> Consumers)
{
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Nothing counted.</summary>
    public static PipelineFigures Empty { get; } = new(ConsumerFigures.Zero, new Dictionary<string, ConsumerFigures>());

    /// <summary>Sums totals and per-consumer figures (instances of one service, or lifetimes of one instance).</summary>
    public static PipelineFigures operator +(PipelineFigures a, PipelineFigures b)
    {
        var consumers = new Dictionary<string, ConsumerFigures>(a.Consumers, StringComparer.Ordinal);
        foreach (var (name, figures) in b.Consumers)
        {
            consumers[name] = consumers.TryGetValue(name, out var existing) ? existing + figures : figures;
        }

        return new PipelineFigures(a.Total + b.Total, consumers);
    }
}

/// <summary>One consumer's counters (see Orders.Messaging's <c>ConsumerStatsSnapshot</c> for their meaning).</summary>
public sealed record ConsumerFigures(
    long Received,
    long Acked,
    long Ignored,
    long GapsNaked,
    long RetriesNaked,
    long DeadLetters,
    long DeadLetterFailures,
    long Redeliveries,
    long DuplicatesAbsorbed)
{
    /// <summary>All zero.</summary>
    public static ConsumerFigures Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Field-wise sum.</summary>
    public static ConsumerFigures operator +(ConsumerFigures a, ConsumerFigures b) => new(
        a.Received + b.Received,
        a.Acked + b.Acked,
        a.Ignored + b.Ignored,
        a.GapsNaked + b.GapsNaked,
        a.RetriesNaked + b.RetriesNaked,
        a.DeadLetters + b.DeadLetters,
        a.DeadLetterFailures + b.DeadLetterFailures,
        a.Redeliveries + b.Redeliveries,
        a.DuplicatesAbsorbed + b.DuplicatesAbsorbed);
}
