namespace Orders.Messaging.Pipeline;

/// <summary>The pipeline figures of a process.</summary>
/// <param name="Total">Summed over all consumers.</param>
/// <param name="Consumers">Per consumer (<c>STREAM/durable</c>).</param>
/// <param name="ConflictsRetried">
/// Commits that lost an optimistic-concurrency race (another instance changed the entity first) and
/// were decided again on fresh state; counted by <c>MessageCommitter</c>, for all consumers together.
/// </param>
public sealed record PipelineStatsSnapshot(
    ConsumerStatsSnapshot Total, IReadOnlyDictionary<string, ConsumerStatsSnapshot> Consumers, long ConflictsRetried)
{
    /// <summary>Nothing counted.</summary>
    public static PipelineStatsSnapshot Empty { get; } = new(ConsumerStatsSnapshot.Zero, new Dictionary<string, ConsumerStatsSnapshot>(), 0);

    /// <summary>Sums totals and per-consumer figures (instances of one service, or lifetimes of one instance).</summary>
    public static PipelineStatsSnapshot operator +(PipelineStatsSnapshot a, PipelineStatsSnapshot b)
    {
        var consumers = new Dictionary<string, ConsumerStatsSnapshot>(a.Consumers, StringComparer.Ordinal);
        foreach (var (name, figures) in b.Consumers)
        {
            consumers[name] = consumers.TryGetValue(name, out var existing) ? existing + figures : figures;
        }

        return new PipelineStatsSnapshot(a.Total + b.Total, consumers, a.ConflictsRetried + b.ConflictsRetried);
    }
}

/// <summary>One consumer's figures since the process started.</summary>
/// <param name="Received">Deliveries taken from JetStream.</param>
/// <param name="Acked">Acked after the actor's outcome (duplicates included).</param>
/// <param name="Ignored">Acked without reaching an actor (subjects the service does not act on).</param>
/// <param name="GapsNaked">Nak'ed with a delay because of a version gap.</param>
/// <param name="RetriesNaked">Nak'ed with back-off after a transient failure.</param>
/// <param name="DeadLetters">Copied to the dead-letter stream and terminated.</param>
/// <param name="DeadLetterFailures">
/// Dead-letter copies that could not be stored: before the last delivery the message was nak'ed to try
/// again, on the last one the copy was tried again in process (<paramref name="DeadLetterRetries"/>).
/// </param>
/// <param name="Redeliveries">Deliveries with a delivery count above 1.</param>
/// <param name="DuplicatesAbsorbed">Acked as already applied.</param>
/// <param name="DeadLetterRetries">
/// Dead-letter copies tried again in process because the message was on its last delivery (the server
/// would not deliver it again), the message kept in progress meanwhile.
/// </param>
/// <param name="DeadLettersAbandoned">
/// Messages on their last delivery whose dead-letter copy was still not stored when the consumer
/// stopped: left unsettled in their stream and not delivered again. Anything but 0 needs a look.
/// </param>
public sealed record ConsumerStatsSnapshot(
    long Received,
    long Acked,
    long Ignored,
    long GapsNaked,
    long RetriesNaked,
    long DeadLetters,
    long DeadLetterFailures,
    long Redeliveries,
    long DuplicatesAbsorbed,
    long DeadLetterRetries,
    long DeadLettersAbandoned)
{
    /// <summary>All zero.</summary>
    public static ConsumerStatsSnapshot Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Field-wise sum.</summary>
    public static ConsumerStatsSnapshot operator +(ConsumerStatsSnapshot a, ConsumerStatsSnapshot b) => new(
        a.Received + b.Received,
        a.Acked + b.Acked,
        a.Ignored + b.Ignored,
        a.GapsNaked + b.GapsNaked,
        a.RetriesNaked + b.RetriesNaked,
        a.DeadLetters + b.DeadLetters,
        a.DeadLetterFailures + b.DeadLetterFailures,
        a.Redeliveries + b.Redeliveries,
        a.DuplicatesAbsorbed + b.DuplicatesAbsorbed,
        a.DeadLetterRetries + b.DeadLetterRetries,
        a.DeadLettersAbandoned + b.DeadLettersAbandoned);

    /// <summary>One line for logs and console summaries.</summary>
    public override string ToString() =>
        $"received {Received}, acked {Acked} (duplicates absorbed {DuplicatesAbsorbed}), ignored {Ignored}, " +
        $"gaps nak'ed {GapsNaked}, retries nak'ed {RetriesNaked}, dead letters {DeadLetters}, " +
        $"dead-letter failures {DeadLetterFailures} (retried in process {DeadLetterRetries}, abandoned {DeadLettersAbandoned}), " +
        $"redeliveries {Redeliveries}";
}
