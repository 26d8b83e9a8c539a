namespace Orders.Contracts.Messaging;

/// <summary>NATS header names used by the contract.</summary>
public static class MessageHeaders
{
    /// <summary>JetStream de-duplication id; equal to the payload's <c>eventId</c> (see <see cref="EventIds"/>).</summary>
    public const string MsgId = "Nats-Msg-Id";

    /// <summary>On a dead letter: one human-readable line saying why.</summary>
    public const string DeadReason = "Orders-Dead-Reason";

    /// <summary>On a dead letter: the subject the message was first published on.</summary>
    public const string OriginalSubject = "Orders-Original-Subject";

    /// <summary>On a dead letter: the message's sequence in its original stream.</summary>
    public const string OriginalSequence = "Orders-Original-Sequence";

    /// <summary>On a dead letter: how many times the consumer delivered it.</summary>
    public const string Deliveries = "Orders-Deliveries";

    /// <summary>
    /// On a dead letter whose payload had to be cut to fit the server's max payload next to the
    /// dead-letter headers: the original payload's size in bytes (the original stays in its stream).
    /// </summary>
    public const string OriginalSize = "Orders-Original-Size";

    /// <summary>
    /// Optional W3C trace context (<c>00-&lt;trace id&gt;-&lt;span id&gt;-&lt;flags&gt;</c>): the span that
    /// published the message. Consumers continue the trace from it; a message without it starts one.
    /// </summary>
    public const string TraceParent = "traceparent";
}
