using Microsoft.Extensions.Logging;

namespace Orders.Actors.Internal;

/// <summary>Source-generated log messages with structured fields (actor path, message type, counts).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Error, "Actor {ActorPath} failed handling {MessageType}; restarting in {Backoff} (failure {FailureCount} of {MaxFailures} within the window)")]
    public static partial void ActorRestarting(ILogger logger, Exception exception, string actorPath, string messageType, int failureCount, int maxFailures, TimeSpan backoff);

    [LoggerMessage(2, LogLevel.Error, "Actor {ActorPath} failed handling {MessageType}; stopping after {FailureCount} failures within {FailureWindow}")]
    public static partial void ActorStoppingAfterFailures(ILogger logger, Exception exception, string actorPath, string messageType, int failureCount, TimeSpan failureWindow);

    [LoggerMessage(3, LogLevel.Error, "Actor {ActorPath}: {Hook} failed")]
    public static partial void LifecycleHookFailed(ILogger logger, Exception exception, string actorPath, string hook);

    [LoggerMessage(4, LogLevel.Information, "Dead letter: {MessageType} to {Recipient} from {Sender}: {Reason}")]
    public static partial void DeadLetter(ILogger logger, string messageType, string recipient, string? sender, string reason);

    [LoggerMessage(5, LogLevel.Error, "A dead-letter subscriber threw")]
    public static partial void DeadLetterSubscriberFailed(ILogger logger, Exception exception);

    [LoggerMessage(6, LogLevel.Critical, "Mailbox run of {ActorPath} failed outside any handler (runtime bug)")]
    public static partial void RunLoopFailed(ILogger logger, Exception exception, string actorPath);

    [LoggerMessage(7, LogLevel.Information, "Actor system {SystemName} shutting down: draining {BusyActors} busy actors (up to {DrainTimeout})")]
    public static partial void ShutdownStarted(ILogger logger, string systemName, int busyActors, TimeSpan drainTimeout);

    [LoggerMessage(8, LogLevel.Warning, "Actor system {SystemName}: mailboxes not drained ({BusyActors} actors still busy); stopping anyway, queued messages become dead letters")]
    public static partial void DrainIncomplete(ILogger logger, string systemName, int busyActors);

    [LoggerMessage(9, LogLevel.Information, "Actor system {SystemName} stopped")]
    public static partial void ShutdownCompleted(ILogger logger, string systemName);

    [LoggerMessage(10, LogLevel.Warning, "Actor system {SystemName}: shutdown cancelled with {LiveActors} actors not yet stopped")]
    public static partial void ShutdownCancelled(ILogger logger, string systemName, int liveActors);
}
