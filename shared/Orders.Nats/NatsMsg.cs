namespace Orders.Nats;

/// <summary>A received message. <see cref="Data"/> is the message's own copy of the payload.</summary>
public readonly record struct NatsMsg(
    string Subject,
    string? ReplyTo,
    NatsHeaders? Headers,
    ReadOnlyMemory<byte> Data,
    NatsConnection? Connection)
{
    /// <summary>Header plus payload bytes, as counted against the server's max_payload.</summary>
    public int Size => Data.Length + (Headers?.WireLength ?? 0);

    /// <summary>
    /// Publishes a reply to <see cref="ReplyTo"/> on the connection that received the message. Someone is
    /// waiting for it, so it is written to the socket at once when the socket is idle (no batching delay).
    /// </summary>
    public ValueTask ReplyAsync(ReadOnlyMemory<byte> data = default, NatsHeaders? headers = null, CancellationToken ct = default)
    {
        if (ReplyTo is null)
        {
            throw new InvalidOperationException($"The message on '{Subject}' has no reply subject to answer.");
        }

        if (Connection is null)
        {
            throw new InvalidOperationException($"The message on '{Subject}' is not bound to a connection.");
        }

        return Connection.PublishAsync(ReplyTo, data, headers, replyTo: null, Internal.CommandWriter.Flush.Now, ct);
    }
}
