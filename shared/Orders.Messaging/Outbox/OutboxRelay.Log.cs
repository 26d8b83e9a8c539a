using Microsoft.Extensions.Logging;

namespace Orders.Messaging.Outbox;

public sealed partial class OutboxRelay<TContext>
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Outbox relay published {Count} messages")]
    private partial void LogPublished(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay could not publish {EventId} (attempt {Attempts}); it stays unsent and is retried")]
    private partial void LogPublishFailed(Exception exception, string eventId, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox relay pass failed ({Failures} in a row); retrying after a back-off")]
    private partial void LogPassFailed(Exception exception, int failures);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox pruned {OutboxRows} sent rows and {InboxRows} inbox rows")]
    private partial void LogPruned(int outboxRows, int inboxRows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox relay published {Count} remaining messages while stopping")]
    private partial void LogFlushedOnStop(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay could not flush while stopping; unsent rows stay for the next start")]
    private partial void LogFlushOnStopFailed(Exception exception);
}
