namespace Orders.Messaging.Pipeline;

/// <summary>
/// An entity actor's reply to an <see cref="Incoming{TMessage}"/>: what the pipeline does with the
/// JetStream message. The actor decides; the pipeline only acks, naks or dead-letters.
/// </summary>
public abstract record MessageOutcome
{
    private MessageOutcome()
    {
    }

    /// <summary>Done: the effects are committed. The pipeline acks.</summary>
    public static MessageOutcome Ack { get; } = new Acked(WasDuplicate: false);

    /// <summary>
    /// Done earlier: the message id is in the inbox or the event's version is not newer than the
    /// stored one. The pipeline acks and counts a duplicate absorbed.
    /// </summary>
    public static MessageOutcome AlreadyApplied { get; } = new Acked(WasDuplicate: true);

    /// <summary>
    /// The message is ahead of its predecessor (version gap), which is expected to arrive: nak it so
    /// it comes again after <paramref name="delay"/> (<see cref="TimeSpan.Zero"/>: the consumer's
    /// <see cref="ConsumerDefinition.GapDelay"/>).
    /// </summary>
    public static MessageOutcome Gap(TimeSpan delay, string reason) => new GapDetected(delay, reason);

    /// <summary>
    /// A transient failure (database down, gateway failure): nak with a back-off that grows with the
    /// delivery count (<see cref="ConsumerDefinition.NakBackoff"/>).
    /// </summary>
    public static MessageOutcome Retry(string reason, Exception? error = null) => new RetryLater(reason, error);

    /// <summary>Invalid or conflicting, it will never succeed: copy it to the dead-letter subject and terminate it.</summary>
    public static MessageOutcome DeadLetter(string reason) => new DeadLettered(reason);

    /// <summary>Acknowledged; <paramref name="WasDuplicate"/> when nothing had to be done.</summary>
    public sealed record Acked(bool WasDuplicate) : MessageOutcome;

    /// <summary>See <see cref="Gap"/>.</summary>
    public sealed record GapDetected(TimeSpan Delay, string Reason) : MessageOutcome;

    /// <summary>See <see cref="Retry"/>.</summary>
    public sealed record RetryLater(string Reason, Exception? Error) : MessageOutcome;

    /// <summary>See <see cref="DeadLetter"/>.</summary>
    public sealed record DeadLettered(string Reason) : MessageOutcome;
}
