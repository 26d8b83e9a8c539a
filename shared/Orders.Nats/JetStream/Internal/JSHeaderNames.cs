namespace Orders.Nats.JetStream.Internal;

/// <summary>Header names JetStream defines.</summary>
internal static class JSHeaderNames
{
    public const string MsgId = "Nats-Msg-Id";
    public const string ExpectedStream = "Nats-Expected-Stream";
    public const string ExpectedLastSequence = "Nats-Expected-Last-Sequence";
    public const string ExpectedLastMsgId = "Nats-Expected-Last-Msg-Id";
    public const string PendingMessages = "Nats-Pending-Messages";
    public const string ConsumerStalled = "Nats-Consumer-Stalled";
}

/// <summary>Status codes JetStream puts on the header status line.</summary>
internal static class JSStatusCodes
{
    public const int ControlMessage = 100; // idle heartbeat, or flow-control request when it has a reply subject
    public const int NoResponders = 503;
    public const int NoMessages = 404;
    public const int RequestTimeout = 408;
    public const int Conflict = 409;
}
