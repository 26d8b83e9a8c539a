using Microsoft.Extensions.Logging;
using Orders.Messaging.Pipeline;

namespace Orders.PaymentService.Payments;

internal sealed partial class PaymentActor
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "{Subject} for order {OrderId} (stream seq {StreamSequence}, delivery {NumDelivered}): {Outcome}")]
    private partial void LogOutcome(string subject, string orderId, ulong streamSequence, int numDelivered, MessageOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Subject} for order {OrderId} (stream seq {StreamSequence}, delivery {NumDelivered}) failed transiently; it will come again")]
    private partial void LogTransientError(Exception exception, string subject, string orderId, ulong streamSequence, int numDelivered);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment of order {OrderId}: {Why}")]
    private partial void LogIgnored(string orderId, string why);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Payment of order {OrderId} was changed by another instance; reloading")]
    private partial void LogLostRace(string orderId);
}
