namespace Orders.Messaging.Entities.Internal;

/// <summary>The parent's periodic timer: stop the children idle for longer than PassivateAfter.</summary>
internal sealed class PassivationSweep
{
    public static PassivationSweep Instance { get; } = new();
}

/// <summary>To a parent at shutdown: stop every child once it has handled what it holds, then stop.</summary>
internal sealed class StopEntities
{
    public static StopEntities Instance { get; } = new();
}
