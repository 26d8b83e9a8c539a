using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Orders.Messaging.Pipeline.Internal;

namespace Orders.Messaging.Pipeline;

/// <summary>
/// What the consumer pipelines of this process did: counters per consumer, and the commits that
/// lost an optimistic-concurrency race (counted by <see cref="Persistence.MessageCommitter"/>,
/// which does not know the consumer), published both as
/// <see cref="System.Diagnostics.Metrics"/> instruments (meter <see cref="MeterName"/>, for
/// OpenTelemetry or <c>dotnet-counters</c>) and as an in-process <see cref="Snapshot"/> (served at
/// <c>GET /stats/pipeline</c>, logged at shutdown, printed by the end-to-end and chaos runs).
/// One per process (a DI singleton).
/// </summary>
public sealed class PipelineStats : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Orders.Messaging.Pipeline";

    /// <summary>Where a service serves <see cref="Snapshot"/> (each service maps it beside <c>/healthz</c>).</summary>
    public const string Path = "/stats/pipeline";

    private readonly ConcurrentDictionary<string, ConsumerCounters> _consumers = new(StringComparer.Ordinal);
    private readonly Meter _meter;
    private readonly Counter<long> _handled;
    private readonly Counter<long> _redeliveries;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _gaps;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _deadLetterRetries;
    private readonly Counter<long> _deadLettersAbandoned;
    private readonly Counter<long> _conflictsRetried;
    private readonly Histogram<double> _handlingTime;
    private readonly Histogram<double> _queueWait;
    private readonly Counter<long> _eventsCommitted;
    private readonly Histogram<double> _outboxLag;
    private long _conflicts;

    /// <summary>Creates the counters on a meter from <paramref name="meterFactory"/> (a private meter when null).</summary>
    public PipelineStats(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _handled = _meter.CreateCounter<long>("orders.pipeline.messages", "{message}", "Messages handled, by consumer and outcome");
        _redeliveries = _meter.CreateCounter<long>("orders.pipeline.redeliveries", "{message}", "Deliveries with a delivery count above 1");
        _duplicates = _meter.CreateCounter<long>("orders.pipeline.duplicates_absorbed", "{message}", "Messages acked as already applied");
        _gaps = _meter.CreateCounter<long>("orders.pipeline.gaps", "{message}", "Messages nak'ed because of a version gap");
        _deadLetters = _meter.CreateCounter<long>("orders.pipeline.dead_letters", "{message}", "Messages copied to the dead-letter stream and terminated");
        _deadLetterRetries = _meter.CreateCounter<long>(
            "orders.pipeline.dead_letter_retries", "{attempt}", "Dead-letter copies of a message on its last delivery tried again in process");
        _deadLettersAbandoned = _meter.CreateCounter<long>(
            "orders.pipeline.dead_letters_abandoned", "{message}", "Messages on their last delivery left unsettled because the consumer stopped before their dead-letter copy was stored");
        _conflictsRetried = _meter.CreateCounter<long>(
            "orders.pipeline.conflicts_retried", "{commit}", "Commits that lost an optimistic-concurrency race; the message was decided again on fresh state");
        _handlingTime = _meter.CreateHistogram<double>("orders.pipeline.handling_duration", "s", "From receipt to settled (ack, nak or dead letter), by consumer");
        _queueWait = _meter.CreateHistogram<double>("orders.pipeline.queue_wait", "s", "From the stream storing a message to a consumer receiving it, by consumer");
        _eventsCommitted = _meter.CreateCounter<long>(
            "orders.outbox.events", "{event}", "Events committed to the outbox, by subject (orders.paid / orders.payment-failed: orders by outcome)");
        _outboxLag = _meter.CreateHistogram<double>("orders.outbox.lag", "s", "From an outbox row's commit to the stream's ack of its publish");
    }

    /// <summary>The totals, the figures of each consumer and the conflicts retried, as of now.</summary>
    public PipelineStatsSnapshot Snapshot()
    {
        var consumers = _consumers.ToDictionary(c => c.Key, c => c.Value.Snapshot(), StringComparer.Ordinal);
        var total = consumers.Values.Aggregate(ConsumerStatsSnapshot.Zero, (a, b) => a + b);
        return new PipelineStatsSnapshot(total, consumers, Interlocked.Read(ref _conflicts));
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    internal void Delivered(string consumer, int numDelivered)
    {
        var counters = For(consumer);
        Interlocked.Increment(ref counters.Received);
        if (numDelivered > 1)
        {
            Interlocked.Increment(ref counters.Redeliveries);
            _redeliveries.Add(1, Tag(consumer));
        }
    }

    internal void Handled(string consumer, PipelineOutcome outcome)
    {
        var counters = For(consumer);
        switch (outcome)
        {
            case PipelineOutcome.Acked:
                Interlocked.Increment(ref counters.Acked);
                break;
            case PipelineOutcome.Duplicate:
                Interlocked.Increment(ref counters.Acked);
                Interlocked.Increment(ref counters.DuplicatesAbsorbed);
                _duplicates.Add(1, Tag(consumer));
                break;
            case PipelineOutcome.Ignored:
                Interlocked.Increment(ref counters.Ignored);
                break;
            case PipelineOutcome.Gap:
                Interlocked.Increment(ref counters.GapsNaked);
                _gaps.Add(1, Tag(consumer));
                break;
            case PipelineOutcome.Retry:
                Interlocked.Increment(ref counters.RetriesNaked);
                break;
            case PipelineOutcome.DeadLettered:
                Interlocked.Increment(ref counters.DeadLetters);
                _deadLetters.Add(1, Tag(consumer));
                break;
        }

        _handled.Add(1, Tag(consumer), new KeyValuePair<string, object?>("outcome", Name(outcome)));
    }

    internal void DeadLetterFailed(string consumer) => Interlocked.Increment(ref For(consumer).DeadLetterFailures);

    internal void DeadLetterRetried(string consumer)
    {
        Interlocked.Increment(ref For(consumer).DeadLetterRetries);
        _deadLetterRetries.Add(1, Tag(consumer));
    }

    internal void DeadLetterAbandoned(string consumer)
    {
        Interlocked.Increment(ref For(consumer).DeadLettersAbandoned);
        _deadLettersAbandoned.Add(1, Tag(consumer));
    }

    /// <summary>A commit lost an optimistic-concurrency race; its caller reloads and decides again.</summary>
    internal void ConflictRetried()
    {
        Interlocked.Increment(ref _conflicts);
        _conflictsRetried.Add(1);
    }

    internal void Settled(string consumer, TimeSpan handling, TimeSpan queueWait)
    {
        _handlingTime.Record(handling.TotalSeconds, Tag(consumer));
        _queueWait.Record(queueWait.TotalSeconds, Tag(consumer));
    }

    /// <summary>Events just committed to the outbox, counted by subject.</summary>
    internal void EventsCommitted(IEnumerable<string> subjects)
    {
        foreach (var subject in subjects)
        {
            _eventsCommitted.Add(1, new KeyValuePair<string, object?>("subject", subject));
        }
    }

    /// <summary>An outbox row the stream acknowledged, <paramref name="lag"/> after its commit.</summary>
    internal void OutboxPublished(TimeSpan lag) => _outboxLag.Record(Math.Max(lag.TotalSeconds, 0));

    private ConsumerCounters For(string consumer) => _consumers.GetOrAdd(consumer, static _ => new ConsumerCounters());

    private static KeyValuePair<string, object?> Tag(string consumer) => new("consumer", consumer);

    private static string Name(PipelineOutcome outcome) => outcome switch
    {
        PipelineOutcome.Acked => "acked",
        PipelineOutcome.Duplicate => "duplicate",
        PipelineOutcome.Ignored => "ignored",
        PipelineOutcome.Gap => "gap",
        PipelineOutcome.Retry => "retry",
        PipelineOutcome.DeadLettered => "dead-lettered",
        _ => "unknown",
    };

    private sealed class ConsumerCounters
    {
        public long Received;
        public long Acked;
        public long Ignored;
        public long GapsNaked;
        public long RetriesNaked;
        public long DeadLetters;
        public long DeadLetterFailures;
        public long Redeliveries;
        public long DuplicatesAbsorbed;
        public long DeadLetterRetries;
        public long DeadLettersAbandoned;

        public ConsumerStatsSnapshot Snapshot() => new(
            Interlocked.Read(ref Received),
            Interlocked.Read(ref Acked),
            Interlocked.Read(ref Ignored),
            Interlocked.Read(ref GapsNaked),
            Interlocked.Read(ref RetriesNaked),
            Interlocked.Read(ref DeadLetters),
            Interlocked.Read(ref DeadLetterFailures),
            Interlocked.Read(ref Redeliveries),
            Interlocked.Read(ref DuplicatesAbsorbed),
            Interlocked.Read(ref DeadLetterRetries),
            Interlocked.Read(ref DeadLettersAbandoned));
    }
}
