namespace Orders.Actors.Internal;

internal enum SystemMessageKind
{
    /// <summary>Create the first incarnation (after <see cref="SystemMessage.Predecessor"/> stopped, for entities).</summary>
    Create,

    /// <summary>Back-off elapsed: create a fresh incarnation and resume.</summary>
    Recreate,

    Stop,

    /// <summary>Stop if the mailbox is empty (entities only); otherwise ignore.</summary>
    Passivate,
}

/// <summary>
/// Control message handled before any user message. Pushed on a lock-free stack (one field per cell,
/// nothing allocated while idle); the consumer takes the whole stack and reverses it to keep order.
/// </summary>
internal sealed class SystemMessage(SystemMessageKind kind, string? reason = null, Task? predecessor = null)
{
    public SystemMessageKind Kind { get; } = kind;

    public string? Reason { get; } = reason;

    public Task? Predecessor { get; } = predecessor;

    public SystemMessage? Next;
}
