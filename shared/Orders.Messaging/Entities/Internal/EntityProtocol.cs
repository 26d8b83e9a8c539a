namespace Orders.Messaging.Entities.Internal;

/// <summary>From a child to its parent: idle long enough, please stop me (the parent buffers what comes meanwhile).</summary>
internal sealed class Passivate
{
    public static Passivate Instance { get; } = new();
}

/// <summary>To a parent at shutdown: stop every child once it has handled what it holds, then stop.</summary>
internal sealed class StopEntities
{
    public static StopEntities Instance { get; } = new();
}
