using Microsoft.Extensions.Logging;

namespace Orders.Nats.JetStream.Internal;

/// <summary>Structured log messages of the JetStream layer (source-generated; event ids 100+, the core uses 1-99).</summary>
internal static partial class JSLog
{
    [LoggerMessage(100, LogLevel.Debug, "No responder for {Subject} yet (JetStream starting?); retrying in {DelayMs} ms")]
    public static partial void NotReadyRetry(ILogger logger, string subject, double delayMs);

    [LoggerMessage(101, LogLevel.Information, "Stream {Stream} exists with another configuration; updating it")]
    public static partial void UpdatingStream(ILogger logger, string stream);

    [LoggerMessage(102, LogLevel.Warning, "No ack for publish to {Subject} within {Timeout}")]
    public static partial void PubAckTimeout(ILogger logger, string subject, TimeSpan timeout);

    [LoggerMessage(103, LogLevel.Warning, "Ignoring a message on {Subject} without a JetStream ack subject")]
    public static partial void NotAJetStreamMessage(ILogger logger, string subject);

    [LoggerMessage(104, LogLevel.Warning, "JetStream status {Code} {Description} for consumer {Stream}/{Consumer}")]
    public static partial void ConsumerStatus(ILogger logger, int code, string? description, string stream, string consumer);

    [LoggerMessage(105, LogLevel.Warning, "No heartbeat from consumer {Stream}/{Consumer} for {Silence} and the server sees no subscriber; re-subscribing")]
    public static partial void Resubscribing(ILogger logger, string stream, string consumer, TimeSpan silence);

    [LoggerMessage(106, LogLevel.Error, "Consumer {Stream}/{Consumer} no longer exists")]
    public static partial void ConsumerGone(ILogger logger, string stream, string consumer);

    [LoggerMessage(107, LogLevel.Warning, "No heartbeat from consumer {Stream}/{Consumer} for {Silence} and its info is unavailable")]
    public static partial void ConsumerInfoUnavailable(ILogger logger, string stream, string consumer, TimeSpan silence, Exception error);

    [LoggerMessage(108, LogLevel.Information, "Reconnected: re-issuing pull requests for {Stream}/{Consumer}")]
    public static partial void RepullAfterReconnect(ILogger logger, string stream, string consumer);

    [LoggerMessage(109, LogLevel.Warning, "No heartbeat for pull consumer {Stream}/{Consumer}; re-issuing its request")]
    public static partial void PullHeartbeatMissed(ILogger logger, string stream, string consumer);

    [LoggerMessage(110, LogLevel.Debug, "No responder for pull requests of {Stream}/{Consumer}; retrying")]
    public static partial void PullNotReady(ILogger logger, string stream, string consumer);
}
