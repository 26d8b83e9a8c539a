namespace Orders.Nats.JetStream;

/// <summary>
/// A consumer's configuration (JetStream <c>ConsumerConfig</c>, as understood by nats-server 2.9:
/// one <see cref="FilterSubject"/>). A consumer with a <see cref="DeliverSubject"/> is a push
/// consumer (add <see cref="DeliverGroup"/> to share it between instances as a queue group);
/// without one it is a pull consumer. Durations are <see cref="TimeSpan"/>s here and nanoseconds
/// on the wire.
/// </summary>
/// <param name="DurableName">
/// Durable name; the consumer survives restarts and disconnects. Empty for an ephemeral consumer
/// (<see cref="NatsJSContext.CreateEphemeralConsumerAsync"/>), which the server names itself.
/// </param>
public sealed record ConsumerConfig(string DurableName)
{
    /// <summary>Optional human-readable description.</summary>
    public string? Description { get; init; }

    /// <summary>Where a new consumer starts.</summary>
    public ConsumerDeliverPolicy DeliverPolicy { get; init; } = ConsumerDeliverPolicy.All;

    /// <summary>First stream sequence for <see cref="ConsumerDeliverPolicy.ByStartSequence"/>.</summary>
    public ulong? OptStartSeq { get; init; }

    /// <summary>Start time for <see cref="ConsumerDeliverPolicy.ByStartTime"/>.</summary>
    public DateTimeOffset? OptStartTime { get; init; }

    /// <summary>How messages are acknowledged.</summary>
    public ConsumerAckPolicy AckPolicy { get; init; } = ConsumerAckPolicy.Explicit;

    /// <summary>How long the server waits for an ack before redelivering.</summary>
    public TimeSpan AckWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries per message before the server gives up on it; -1 for unlimited.</summary>
    public int MaxDeliver { get; init; } = -1;

    /// <summary>
    /// Redelivery delays, one per delivery (the last repeats); the server replaces <see cref="AckWait"/> with the first.
    /// Must be shorter than <see cref="MaxDeliver"/>.
    /// </summary>
    public IReadOnlyList<TimeSpan>? Backoff { get; init; }

    /// <summary>Only messages on this subject (one subject: nats-server 2.9).</summary>
    public string? FilterSubject { get; init; }

    /// <summary>Replay speed.</summary>
    public ConsumerReplayPolicy ReplayPolicy { get; init; } = ConsumerReplayPolicy.Instant;

    /// <summary>Unacknowledged messages in flight before the server pauses delivery; -1 for unlimited.</summary>
    public int MaxAckPending { get; init; } = 1000;

    /// <summary>Pull only: waiting pull requests the server keeps (0 for its default of 512).</summary>
    public int MaxWaiting { get; init; }

    /// <summary>Push only: subject the server delivers to.</summary>
    public string? DeliverSubject { get; init; }

    /// <summary>Push only: queue group that shares the deliveries (each message to one member).</summary>
    public string? DeliverGroup { get; init; }

    /// <summary>Push only: heartbeat interval while idle (<see cref="TimeSpan.Zero"/> for none).</summary>
    public TimeSpan IdleHeartbeat { get; init; }

    /// <summary>Push only: the server asks the client to confirm it keeps up (needs <see cref="IdleHeartbeat"/>).</summary>
    public bool FlowControl { get; init; }

    /// <summary>Deliver headers only, no payload.</summary>
    public bool HeadersOnly { get; init; }

    /// <summary>Replicas (0 = as many as the stream).</summary>
    public int NumReplicas { get; init; }

    /// <summary>
    /// Keep the consumer's state in memory even when the stream is on disk: cheaper, and enough
    /// for a consumer that is re-created anyway when lost (an ephemeral one).
    /// </summary>
    public bool MemStorage { get; init; }

    /// <summary>
    /// How long the server keeps a consumer nobody uses (no subscriber on its deliver subject, no
    /// pull requests) before removing it; null for the server's default (5 s for ephemeral
    /// consumers; durables are kept). nats-server 2.9 applies it to ephemeral consumers only.
    /// </summary>
    public TimeSpan? InactiveThreshold { get; init; }
}
