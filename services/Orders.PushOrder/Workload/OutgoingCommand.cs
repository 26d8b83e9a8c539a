namespace Orders.PushOrder.Workload;

/// <summary>What a command of the workload is for.</summary>
internal enum CommandKind
{
    /// <summary>A valid new order.</summary>
    Order,

    /// <summary>An order sent again under another <c>Nats-Msg-Id</c>: JetStream stores it, order-service must ignore it.</summary>
    Resend,

    /// <summary>A malformed or invalid command: order-service must dead-letter it.</summary>
    Malformed,
}

/// <summary>One message to publish.</summary>
/// <param name="Kind">What it tests.</param>
/// <param name="Subject">Subject (a <c>commands.*</c> subject).</param>
/// <param name="MsgId">The <c>Nats-Msg-Id</c> header.</param>
/// <param name="Payload">UTF-8 JSON (or deliberately not).</param>
/// <param name="OrderId">The order it creates or repeats; null for malformed commands.</param>
/// <param name="AboveDeclineLimit">For orders: the total is above the decline limit, so payment should fail.</param>
/// <param name="Description">For malformed commands: what is wrong with it.</param>
internal sealed record OutgoingCommand(
    CommandKind Kind,
    string Subject,
    string MsgId,
    ReadOnlyMemory<byte> Payload,
    string? OrderId,
    bool AboveDeclineLimit = false,
    string? Description = null);
