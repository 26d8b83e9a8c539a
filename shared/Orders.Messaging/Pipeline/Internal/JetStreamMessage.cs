using NATS.Client.JetStream;

namespace Orders.Messaging.Pipeline.Internal;

/// <summary>What the pipeline reads of a delivery, in one place.</summary>
internal static class JetStreamMessage
{
    /// <summary>
    /// The metadata of a consumer delivery. NATS.Net parses it from the ack subject, which every
    /// delivery of a durable consumer has; a message without it is not one the pipeline can settle.
    /// </summary>
    public static NatsJSMsgMetadata Meta(this INatsJSMsg<byte[]> msg) =>
        msg.Metadata ?? throw new InvalidOperationException($"{msg.Subject} arrived without JetStream metadata (reply subject '{msg.ReplyTo}')");

    /// <summary>The payload as it came; an empty message has an empty payload, not none.</summary>
    public static ReadOnlyMemory<byte> Payload(this INatsJSMsg<byte[]> msg) => msg.Data ?? [];
}
