namespace Orders.Messaging.Outbox;

/// <summary>Settings of the outbox relay. Change with <c>with</c>; bind from configuration section <c>Outbox</c>.</summary>
public sealed record OutboxOptions
{
    /// <summary>Rows read, published (pipelined) and marked sent per transaction.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>
    /// How often the relay looks for unsent rows without being woken. Commits in this process wake
    /// it at once; polling finds rows left by a crashed or another instance.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>First wait after a failed pass (publish or database error); doubles per failure.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between failed passes.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long sent rows are kept (for diagnostics) before pruning deletes them.</summary>
    public TimeSpan SentRetention { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The streams' duplicate window (docs/contract.md: 2 minutes).</summary>
    public TimeSpan DuplicateWindow { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Inbox rows are kept <see cref="DuplicateWindow"/> times this factor (default: 1 hour). See
    /// <see cref="InboxRetention"/> for why deleting them is safe.
    /// </summary>
    public int InboxRetentionFactor { get; init; } = 30;

    /// <summary>How often pruning runs.</summary>
    public TimeSpan PruneInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a stopping relay keeps publishing what is left before it gives up (the rows stay for the next start).</summary>
    public TimeSpan ShutdownFlushTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a processed message id stays in the inbox. Pruning it is safe because the inbox is
    /// only the first line of defence: a copy of a message can come back only while it is
    /// redelivered (unacked, within ack-wait x max-deliver) or republished (dropped by the stream
    /// within <see cref="DuplicateWindow"/>), both far shorter than this; and a copy arriving even
    /// later is still harmless, because the handlers' version rules (event version &lt;= stored
    /// version is ignored; a stale expected version is rejected) make re-applying an old message a
    /// no-op. A handler whose idempotency rests on the inbox alone must not use a shorter retention.
    /// </summary>
    public TimeSpan InboxRetention => DuplicateWindow * InboxRetentionFactor;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RetryDelay, TimeSpan.Zero, nameof(RetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, RetryDelay, nameof(MaxRetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(SentRetention, TimeSpan.Zero, nameof(SentRetention));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DuplicateWindow, TimeSpan.Zero, nameof(DuplicateWindow));
        ArgumentOutOfRangeException.ThrowIfLessThan(InboxRetentionFactor, 1, nameof(InboxRetentionFactor));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PruneInterval, TimeSpan.Zero, nameof(PruneInterval));
    }
}
