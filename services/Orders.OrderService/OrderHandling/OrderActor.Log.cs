using Microsoft.Extensions.Logging;
using Orders.Contracts;

namespace Orders.OrderService.OrderHandling;

internal sealed partial class OrderActor
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Order {OrderId}: {MessageId} committed ({Decision}); now version {Version}, {Status}")]
    private partial void LogCommitted(string orderId, string messageId, string decision, int version, OrderStatus? status);

    private void LogCommitted(string messageId, string decision, int version, OrderStatus? status) =>
        LogCommitted(EntityId, messageId, decision, version, status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Order {OrderId}: {MessageId} was already applied")]
    private partial void LogAlreadyApplied(string orderId, string messageId);

    private void LogAlreadyApplied(string messageId) => LogAlreadyApplied(EntityId, messageId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Order {OrderId}: {MessageId} needs no change: {Why}")]
    private partial void LogIgnored(string orderId, string messageId, string why);

    private void LogIgnored(string messageId, string why) => LogIgnored(EntityId, messageId, why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId}: {MessageId} is dead-lettered: {Reason}")]
    private partial void LogDeadLetter(string orderId, string messageId, string reason);

    private void LogDeadLetter(string messageId, string reason) => LogDeadLetter(EntityId, messageId, reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Order {OrderId}: {MessageId} lost race {Attempt}; reloading and deciding again")]
    private partial void LogLostRace(string orderId, string messageId, int attempt);

    private void LogLostRace(string messageId, int attempt) => LogLostRace(EntityId, messageId, attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId}: {MessageId} hit a transient database failure; it will be retried")]
    private partial void LogTransientFailure(Exception exception, string orderId, string messageId);

    private void LogTransientFailure(Exception exception, string messageId) => LogTransientFailure(exception, EntityId, messageId);
}
