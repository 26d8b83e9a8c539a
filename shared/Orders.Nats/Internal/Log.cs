using Microsoft.Extensions.Logging;

namespace Orders.Nats.Internal;

/// <summary>Structured log messages of the client (source-generated, no allocation when disabled).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Connected to NATS server {Server} (id {ServerId}, version {ServerVersion})")]
    public static partial void Connected(ILogger logger, string server, string serverId, string serverVersion);

    [LoggerMessage(2, LogLevel.Warning, "Connection to NATS server {Server} lost")]
    public static partial void ConnectionLost(ILogger logger, string server, Exception error);

    [LoggerMessage(3, LogLevel.Information, "Reconnect attempt {Attempt} to {Server} failed; next try in {DelayMs} ms")]
    public static partial void ReconnectFailed(ILogger logger, int attempt, string server, double delayMs, Exception error);

    [LoggerMessage(4, LogLevel.Error, "Giving up reconnecting to NATS after {Attempts} attempts")]
    public static partial void ReconnectGaveUp(ILogger logger, int attempts, Exception error);

    [LoggerMessage(5, LogLevel.Error, "NATS server error: {ServerError}")]
    public static partial void ServerError(ILogger logger, string serverError);

    [LoggerMessage(6, LogLevel.Warning, "Slow consumer on {Subject} (sid {Sid}): buffer of {Capacity} messages full, {Dropped} dropped so far")]
    public static partial void SlowConsumer(ILogger logger, string subject, long sid, int capacity, long dropped);

    [LoggerMessage(7, LogLevel.Warning, "NATS connection is stale: {PingsOut} PINGs unanswered")]
    public static partial void Stale(ILogger logger, int pingsOut);

    [LoggerMessage(8, LogLevel.Error, "An event handler of {Event} threw")]
    public static partial void HandlerFailed(ILogger logger, string @event, Exception error);

    [LoggerMessage(9, LogLevel.Information, "NATS server {Server} entered lame duck mode")]
    public static partial void LameDuck(ILogger logger, string server);

    [LoggerMessage(10, LogLevel.Warning, "Subscription {Subject} (sid {Sid}) refused by the server: {ServerError}")]
    public static partial void SubscriptionRefused(ILogger logger, string subject, long sid, string serverError);
}
