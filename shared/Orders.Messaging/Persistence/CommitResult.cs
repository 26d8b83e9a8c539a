namespace Orders.Messaging.Persistence;

/// <summary>How committing the effects of one message ended. Races are results, not exceptions: they are normal.</summary>
public enum CommitResult
{
    /// <summary>Entity changes, inbox row and outbox rows are committed together; ack the message.</summary>
    Committed,

    /// <summary>
    /// Another instance changed the entity first (the versioned UPDATE matched no row, or a row
    /// this commit inserts already exists). Nothing was written: drop the cached state, reload,
    /// decide again.
    /// </summary>
    ConcurrencyConflict,

    /// <summary>The message id is already in the inbox (another delivery won). Nothing was written: ack and move on.</summary>
    AlreadyProcessed,
}
