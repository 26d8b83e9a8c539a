using Orders.Nats.JetStream;

namespace Orders.Messaging.Pipeline;

/// <summary>
/// One durable push consumer of a service (architecture.md, "Consumers"): the deliver group is the
/// durable name, so every instance of the service joins the same queue group. Change with <c>with</c>.
/// </summary>
/// <param name="Stream">The stream, e.g. <c>ORDERS</c>.</param>
/// <param name="Durable">Durable name and deliver group: the service's name.</param>
/// <param name="FilterSubject">One filter subject (nats-server 2.9), e.g. <c>orders.&gt;</c>.</param>
/// <param name="DeliverSubject">Where the server pushes, e.g. <c>_deliver.payment-service.ORDERS</c>.</param>
public sealed record ConsumerDefinition(string Stream, string Durable, string FilterSubject, string DeliverSubject)
{
    /// <summary>Deliveries per message; the last one dead-letters a message that still fails.</summary>
    public int MaxDeliver { get; init; } = 10;

    /// <summary>How long the server waits for an ack before redelivering. Must exceed <see cref="AskTimeout"/>.</summary>
    public TimeSpan AckWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Unacked messages the server lets out to all instances together.</summary>
    public int MaxAckPending { get; init; } = 1000;

    /// <summary>Back-off of <see cref="MessageOutcome.Retry"/> naks, by delivery count.</summary>
    public NakBackoff NakBackoff { get; init; } = NakBackoff.Default;

    /// <summary>Nak delay of a <see cref="MessageOutcome.Gap"/> that names none.</summary>
    public TimeSpan GapDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the pipeline waits for the actor's outcome before it treats the message as a retry.</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Messages of this consumer being handled at once in this instance (dispatch still follows delivery order).</summary>
    public int MaxInFlight { get; init; } = 256;

    /// <summary>Server heartbeat while idle; lets the client notice a lost consumer binding.</summary>
    public TimeSpan IdleHeartbeat { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Subjects the actor handles; a valid message on another contract subject is acked without
    /// reaching it (e.g. payment-service reads <c>orders.&gt;</c> but acts on created and cancelled).
    /// Null: every subject.
    /// </summary>
    public IReadOnlySet<string>? HandledSubjects { get; init; }

    /// <summary><c>STREAM/durable</c>, the name in logs, metrics and stats.</summary>
    public string Name => $"{Stream}/{Durable}";

    /// <summary>The JetStream consumer configuration this definition stands for.</summary>
    public ConsumerConfig ToConsumerConfig() => new(Durable)
    {
        Description = $"{Durable} reading {FilterSubject}",
        DeliverPolicy = ConsumerDeliverPolicy.All,
        AckPolicy = ConsumerAckPolicy.Explicit,
        AckWait = AckWait,
        MaxDeliver = MaxDeliver,
        MaxAckPending = MaxAckPending,
        FilterSubject = FilterSubject,
        DeliverSubject = DeliverSubject,
        DeliverGroup = Durable,
        IdleHeartbeat = IdleHeartbeat,
    };

    /// <summary>Throws when the settings contradict each other.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(Durable);
        ArgumentException.ThrowIfNullOrWhiteSpace(FilterSubject);
        ArgumentException.ThrowIfNullOrWhiteSpace(DeliverSubject);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDeliver, 1, nameof(MaxDeliver));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlight, 1, nameof(MaxInFlight));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxInFlight, MaxAckPending, nameof(MaxInFlight));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(AskTimeout, TimeSpan.Zero, nameof(AskTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(AckWait, AskTimeout, nameof(AckWait));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(GapDelay, TimeSpan.Zero, nameof(GapDelay));
        ArgumentNullException.ThrowIfNull(NakBackoff);
    }
}
