namespace Orders.Messaging.Entities;

/// <summary>Where the decision loop of one message stands; see <see cref="EntityActor{TState, TChange}"/>.</summary>
public sealed class EntityAttempt
{
    internal EntityAttempt()
    {
    }

    /// <summary>1 for the first decision on this message; each reload adds one.</summary>
    public int Number { get; internal set; }

    /// <summary>The state was just read from the database (not the actor's cached copy).</summary>
    public bool FreshState { get; internal set; }

    /// <summary>
    /// An earlier commit of this message found its id already in the inbox: some delivery committed its
    /// effects. A decision that would still change something is answered as already applied.
    /// </summary>
    public bool InboxHasMessage { get; internal set; }

    /// <summary>
    /// What an earlier committed step of this message achieved that must not be redone (e.g. a payment
    /// gateway's answer); set from <see cref="EntityDecision{TState, TChange}.Commit.Progress"/>.
    /// </summary>
    public object? Progress { get; set; }
}
