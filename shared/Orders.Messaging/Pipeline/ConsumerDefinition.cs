using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Orders.Contracts.Messaging;

namespace Orders.Messaging.Pipeline;

/// <summary>
/// One durable pull consumer of a service (docs/architecture.md, "Consumers"): every instance of the
/// service pulls from the same durable, so the server hands each message to one instance at a time,
/// which is what a queue group did for push consumers. Change with <c>with</c>.
/// </summary>
/// <param name="Stream">The stream, e.g. <c>ORDERS</c>.</param>
/// <param name="Durable">Durable name: the service's name.</param>
/// <param name="FilterSubject">One filter subject (nats-server 2.9 ignores a list), e.g. <c>orders.&gt;</c>.</param>
public sealed record ConsumerDefinition(string Stream, string Durable, string FilterSubject)
{
    /// <summary>
    /// The consumer of <paramref name="serviceName"/> that reads the whole of <paramref name="stream"/>
    /// (durable = service name, filter <see cref="StreamSpec.ConsumerFilter"/>): how every service's
    /// consumer is made, so none spells its stream's subjects again.
    /// </summary>
    public static ConsumerDefinition For(StreamSpec stream, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new(stream.Name, serviceName, stream.ConsumerFilter);
    }

    /// <summary>
    /// Deliveries per message; the last one dead-letters a message that still fails. 20 with the default
    /// delays waits about 80 s for a version gap to close (see <see cref="GapWaitCoversCrashedHolder"/>) and
    /// rides out about 2.5 minutes of transient failures.
    /// </summary>
    public int MaxDeliver { get; init; } = 20;

    /// <summary>How long the server waits for an ack before redelivering. Must exceed <see cref="AskTimeout"/>.</summary>
    public TimeSpan AckWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Unacked messages the server lets out to all instances together.</summary>
    public int MaxAckPending { get; init; } = 1000;

    /// <summary>Back-off of <see cref="MessageOutcome.Retry"/> naks, by delivery count.</summary>
    public NakBackoff NakBackoff { get; init; } = NakBackoff.Default;

    /// <summary>
    /// First nak delay of a <see cref="MessageOutcome.Gap"/> that names none; it doubles with every
    /// delivery up to <see cref="GapDelayMax"/>.
    /// </summary>
    public TimeSpan GapDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest nak delay of a gap.</summary>
    public TimeSpan GapDelayMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the pipeline waits for the actor's outcome before it treats the message as a retry.</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Messages of this consumer being handled at once in this instance (dispatch still follows delivery
    /// order). Kept near the database pool size: more only queue for connections and hit the ask timeout.
    /// </summary>
    public int MaxInFlight { get; init; } = 64;

    /// <summary>Heartbeat of an idle pull request; two missed ones make the client pull again.</summary>
    public TimeSpan IdleHeartbeat { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Subjects the actor handles; a valid message on another contract subject is acked without
    /// reaching it (e.g. payment-service reads <c>orders.&gt;</c> but acts on created and cancelled).
    /// Null: every subject.
    /// </summary>
    public IReadOnlySet<string>? HandledSubjects { get; init; }

    /// <summary>The nak delay of a gap after delivery number <paramref name="numDelivered"/> (1-based).</summary>
    public TimeSpan GapDelayFor(int numDelivered) => new NakBackoff(GapDelay, GapDelayMax).DelayFor(numDelivered);

    /// <summary>
    /// How long a message with a version gap is waited for in all before it is dead-lettered: the sum
    /// of the gap delays of every delivery but the last.
    /// </summary>
    public TimeSpan TotalGapWait => Enumerable.Range(1, Math.Max(0, MaxDeliver - 1))
        .Aggregate(TimeSpan.Zero, (total, n) => total + GapDelayFor(n));

    /// <summary>
    /// Whether a version gap is waited for longer than its missing predecessor can take to come back.
    /// That predecessor may be held by an instance that crashed: the server hands it out again only
    /// after <see cref="AckWait"/>, plus the time its handling takes (<see cref="AskTimeout"/>). Giving
    /// up on the gap earlier dead-letters a perfectly good event and leaves the read model behind for
    /// good, so the pipeline warns at start when this is false.
    /// </summary>
    public bool GapWaitCoversCrashedHolder => TotalGapWait > AckWait + AskTimeout;

    /// <summary><c>STREAM/durable</c>, the name in logs, metrics and stats.</summary>
    public string Name => $"{Stream}/{Durable}";

    /// <summary>The JetStream consumer configuration this definition stands for.</summary>
    public ConsumerConfig ToConsumerConfig() => new(Durable)
    {
        Description = $"{Durable} reading {FilterSubject}",
        DeliverPolicy = ConsumerConfigDeliverPolicy.All,
        AckPolicy = ConsumerConfigAckPolicy.Explicit,
        AckWait = AckWait,
        MaxDeliver = MaxDeliver,
        MaxAckPending = MaxAckPending,
        FilterSubject = FilterSubject,
    };

    /// <summary>
    /// How this instance pulls: never more buffered than it handles at once (a buffered message's ack
    /// wait is already running), and a graceful stop drains what arrived instead of dropping it.
    /// </summary>
    public NatsJSConsumeOpts ToConsumeOpts() => new()
    {
        MaxMsgs = MaxInFlight,
        IdleHeartbeat = IdleHeartbeat,
        Expires = TimeSpan.FromTicks(Math.Max(IdleHeartbeat.Ticks * 6, TimeSpan.FromSeconds(30).Ticks)),
        DrainOnCancel = true,
    };

    /// <summary>Throws when the settings contradict each other.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(Durable);
        ArgumentException.ThrowIfNullOrWhiteSpace(FilterSubject);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDeliver, 1, nameof(MaxDeliver));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlight, 1, nameof(MaxInFlight));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxInFlight, MaxAckPending, nameof(MaxInFlight));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(AskTimeout, TimeSpan.Zero, nameof(AskTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(AckWait, AskTimeout, nameof(AckWait));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(GapDelay, TimeSpan.Zero, nameof(GapDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(GapDelayMax, GapDelay, nameof(GapDelayMax));

        // NATS.Net refuses a pull heartbeat of half a second or less.
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(IdleHeartbeat, TimeSpan.FromMilliseconds(500), nameof(IdleHeartbeat));

        ArgumentNullException.ThrowIfNull(NakBackoff);
    }
}
