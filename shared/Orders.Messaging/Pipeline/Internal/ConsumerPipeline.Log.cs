using Microsoft.Extensions.Logging;

namespace Orders.Messaging.Pipeline.Internal;

internal sealed partial class ConsumerPipeline
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer {Consumer} started on {FilterSubject} (at most {MaxInFlight} messages in flight)")]
    private partial void LogStarted(string consumer, string filterSubject, int maxInFlight);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer {Consumer} waits only {GapWait} in all for a version gap to close, not longer than ack wait + ask timeout ({HolderWait}): an event held by a crashed instance would be dead-lettered. Raise MaxDeliver or the gap delays.")]
    private partial void LogGapWaitTooShort(string consumer, TimeSpan gapWait, TimeSpan holderWait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer {Consumer} stopped receiving; binding again in {Delay}")]
    private partial void LogSubscriptionFailed(Exception exception, string consumer, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer {Consumer}: consumption ended; binding again in {Delay}")]
    private partial void LogSubscriptionEnded(string consumer, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Consumer {Consumer}: {Notification}")]
    private partial void LogNotification(string consumer, string notification);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer {Consumer} no longer exists on the server; creating it again")]
    private partial void LogConsumerMissing(string consumer);

    [LoggerMessage(Level = LogLevel.Error, Message = "Consumer {Consumer} could not dispatch {Subject} #{Sequence}; it is redelivered after the ack wait")]
    private partial void LogDispatchFailed(Exception exception, string consumer, string subject, ulong sequence);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Consumer {Consumer}: {Subject} #{Sequence} (delivery {Deliveries}) is ahead of sequence ({Reason}); nak'ed for {Delay}")]
    private partial void LogGap(string consumer, string subject, ulong sequence, int deliveries, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer {Consumer}: {Subject} #{Sequence} (delivery {Deliveries}) failed transiently ({Reason}); nak'ed for {Delay}")]
    private partial void LogRetry(Exception? exception, string consumer, string subject, ulong sequence, int deliveries, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer {Consumer} could not {Action} {Subject} #{Sequence}; it is redelivered after the ack wait")]
    private partial void LogSettleFailed(Exception exception, string consumer, string action, string subject, ulong sequence);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Consumer {Consumer} could not dead-letter {Subject} ({Stream} #{Sequence}): {Reason}; nak'ed for {Delay} to try again on its next delivery")]
    private partial void LogDeadLetterFailed(Exception exception, string consumer, string subject, string stream, ulong sequence, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Consumer {Consumer} could not dead-letter {Subject} ({Stream} #{Sequence}) on its last delivery (attempt {Attempt}): {Reason}; the server will not deliver it again, so it is kept in progress and tried again here in {Delay}")]
    private partial void LogLastDeadLetterFailed(Exception exception, string consumer, string subject, string stream, ulong sequence, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer {Consumer} dead-lettered {Subject} ({Stream} #{Sequence}) on its last delivery at attempt {Attempt}")]
    private partial void LogDeadLetterStoredAfterRetries(string consumer, string subject, string stream, ulong sequence, int attempt);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Consumer {Consumer} stopped before it could dead-letter {Subject} ({Stream} #{Sequence}) on its last delivery ({Attempts} attempts): it stays unsettled in its stream and is not delivered again. Reason it was to be dead-lettered: {Reason}")]
    private partial void LogDeadLetterAbandoned(string consumer, string subject, string stream, ulong sequence, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Consumer {Consumer} could not signal progress on {Subject} #{Sequence}; trying again on the next tick")]
    private partial void LogInProgressFailed(Exception exception, string consumer, string subject, ulong sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer {Consumer} stopped; {InFlight} in-flight messages were settled")]
    private partial void LogDrained(string consumer, int inFlight);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer {Consumer} stopped before {InFlight} in-flight messages were settled; they are redelivered")]
    private partial void LogDrainIncomplete(string consumer, int inFlight);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer {Consumer} figures: {Figures}")]
    private partial void LogFigures(string consumer, string figures);
}
