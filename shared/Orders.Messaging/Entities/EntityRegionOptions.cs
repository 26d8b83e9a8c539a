namespace Orders.Messaging.Entities;

/// <summary>Settings of one entity type's parent and its children; change with <c>with</c>.</summary>
public sealed record EntityRegionOptions
{
    /// <summary>
    /// A child that was sent nothing for this long is stopped by its parent, which checks every half
    /// of this (so it goes between 1 and 1.5 times this after its last message); the next message
    /// creates it again from the database. Null keeps idle children.
    /// </summary>
    public TimeSpan? PassivateAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Upper bound on live children; beyond it the least recently used ones are passivated. Null: unbounded.
    /// </summary>
    public int? MaxLiveEntities { get; init; } = 100_000;

    /// <summary>Restarts of one child within <see cref="RestartWindow"/> before it is stopped instead.</summary>
    public int MaxRestarts { get; init; } = 5;

    /// <summary>The window <see cref="MaxRestarts"/> counts in; a stopped entity refuses messages for this long.</summary>
    public TimeSpan RestartWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Back-off before a restarted child handles its next message, doubled per recent restart.</summary>
    public TimeSpan MinRestartBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest back-off before a restarted child handles its next message.</summary>
    public TimeSpan MaxRestartBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the shutdown waits for the children to finish what they hold.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>The routing of the messages the parent receives.</summary>
    public IEntityMessageExtractor Extractor { get; init; } = EnvelopeMessageExtractor.Instance;

    /// <summary>The back-off before a child's next message after <paramref name="recentRestarts"/> restarts in the window.</summary>
    public TimeSpan RestartBackoffFor(int recentRestarts)
    {
        var exponent = Math.Clamp(recentRestarts - 1, 0, 30);
        var ticks = Math.Min(MinRestartBackoff.Ticks * (double)(1L << exponent), MaxRestartBackoff.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Throws when the settings contradict each other.</summary>
    public void Validate()
    {
        if (PassivateAfter is { } idle)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idle, TimeSpan.Zero, nameof(PassivateAfter));
        }

        if (MaxLiveEntities is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1, nameof(MaxLiveEntities));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRestarts, 1, nameof(MaxRestarts));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RestartWindow, TimeSpan.Zero, nameof(RestartWindow));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRestartBackoff, MinRestartBackoff, nameof(MaxRestartBackoff));
        ArgumentNullException.ThrowIfNull(Extractor);
    }
}
