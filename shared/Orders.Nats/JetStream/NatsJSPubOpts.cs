namespace Orders.Nats.JetStream;

/// <summary>
/// Per-publish JetStream options, sent as headers. Every expectation is checked by the stream
/// atomically with the write; a failed check raises a <see cref="NatsJSApiException"/>.
/// </summary>
public sealed record NatsJSPubOpts
{
    /// <summary><c>Nats-Msg-Id</c>: a second publish with this id inside the stream's duplicate window is dropped.</summary>
    public string? MsgId { get; init; }

    /// <summary><c>Nats-Expected-Stream</c>: the subject must belong to this stream.</summary>
    public string? ExpectedStream { get; init; }

    /// <summary><c>Nats-Expected-Last-Sequence</c>: the stream's last sequence must be this (optimistic concurrency).</summary>
    public ulong? ExpectedLastSequence { get; init; }

    /// <summary><c>Nats-Expected-Last-Msg-Id</c>: the stream's last message must carry this id.</summary>
    public string? ExpectedLastMsgId { get; init; }
}
