using Orders.Messaging.Pipeline;

namespace Orders.Messaging.Entities;

/// <summary>What an entity decided for one message on the state it was given.</summary>
/// <typeparam name="TState">The entity's stored state.</typeparam>
/// <typeparam name="TChange">What a commit writes (the decider's decision, a new view, ...).</typeparam>
public abstract record EntityDecision<TState, TChange>
    where TState : class
{
    private EntityDecision()
    {
    }

    /// <summary>Nothing to write: reply <paramref name="Outcome"/>.</summary>
    public sealed record Answer(MessageOutcome Outcome) : EntityDecision<TState, TChange>;

    /// <summary>
    /// Write <paramref name="Change"/>, guarded by the version the decision was made on. Committed: reply
    /// <paramref name="Outcome"/>, or when it is null decide again on the stored state (a step of a longer
    /// handling, with <paramref name="Progress"/> kept for the next attempt). Lost race: reload, decide again.
    /// </summary>
    public sealed record Commit(TChange Change, MessageOutcome? Outcome, object? Progress = null) : EntityDecision<TState, TChange>;

    /// <summary>The cached state may be stale (e.g. an apparent version gap): reload and decide again.</summary>
    public sealed record Reload : EntityDecision<TState, TChange>;
}

/// <summary>How a commit ended, and the state stored when it succeeded (null: nothing worth caching).</summary>
public readonly record struct EntityCommit<TState>(Persistence.CommitResult Result, TState? Stored)
    where TState : class;
