using Orders.Nats.Internal;

namespace Orders.Nats;

public sealed partial class NatsConnection
{
    private string? _lastValidSubject;

    /// <summary>
    /// Publishes a message. Completes once the message is queued for the socket (fire and forget, like
    /// every NATS client); use <see cref="PingAsync"/> as a barrier when the server must have it.
    /// While reconnecting the message is kept in the reconnect buffer.
    /// </summary>
    /// <exception cref="NatsPayloadTooLargeException">Headers plus payload exceed the server's max_payload.</exception>
    /// <exception cref="NatsReconnectBufferFullException">Disconnected and the reconnect buffer is full.</exception>
    public ValueTask PublishAsync(string subject, ReadOnlyMemory<byte> data = default, NatsHeaders? headers = null,
                                  string? replyTo = null, CancellationToken ct = default) =>
        PublishAsync(subject, data, headers, replyTo, CommandWriter.Flush.Batch, ct);

    /// <summary>
    /// <see cref="CommandWriter.Flush.Now"/> for commands someone waits on (requests, replies): written
    /// by the caller at once when the socket is idle, instead of waking the send loop. A
    /// <paramref name="replyTo"/> given as a string is validated; the other forms come from this
    /// assembly, which builds them from validated parts.
    /// </summary>
    internal ValueTask PublishAsync(string subject, ReadOnlyMemory<byte> data, NatsHeaders? headers, in WireSubject replyTo,
                                    CommandWriter.Flush flush, CancellationToken ct)
    {
        // Callers usually publish to the same subject string again and again: validate it once.
        if (!ReferenceEquals(subject, _lastValidSubject))
        {
            SubjectValidator.Validate(subject);
            _lastValidSubject = subject;
        }

        SubjectValidator.ValidateOptional(replyTo.Text, nameof(replyTo));
        return PublishValidAsync(subject, data, headers, replyTo, flush, ct);
    }

    /// <summary>
    /// Publishes to a subject the server gave us (a JetStream ack subject, a flow-control reply), sent
    /// back as the bytes received: no validation, no string. <paramref name="subject"/> must stay
    /// unchanged until the returned task completes.
    /// </summary>
    internal ValueTask PublishToServerSubjectAsync(ReadOnlyMemory<byte> subject, ReadOnlyMemory<byte> data, CancellationToken ct) =>
        PublishValidAsync(WireSubject.FromBytes(subject), data, headers: null, replyTo: default, CommandWriter.Flush.Batch, ct);

    private ValueTask PublishValidAsync(in WireSubject subject, ReadOnlyMemory<byte> data, NatsHeaders? headers, in WireSubject replyTo,
                                        CommandWriter.Flush flush, CancellationToken ct)
    {
        var state = _state;
        if (state is NatsConnectionState.Open or NatsConnectionState.Reconnecting)
        {
            CheckPayloadSize(subject, data.Length, headers);
            return _commands.PublishAsync(subject, replyTo, headers, data, flush, ct);
        }

        return PublishAfterConnectAsync(subject, data, headers, replyTo, flush, ct);
    }

    private async ValueTask PublishAfterConnectAsync(WireSubject subject, ReadOnlyMemory<byte> data, NatsHeaders? headers, WireSubject replyTo,
                                                 CommandWriter.Flush flush, CancellationToken ct)
    {
        await ConnectAsync(ct).ConfigureAwait(false);
        CheckPayloadSize(subject, data.Length, headers);
        await _commands.PublishAsync(subject, replyTo, headers, data, flush, ct).ConfigureAwait(false);
    }

    private void CheckPayloadSize(in WireSubject subject, int payloadLength, NatsHeaders? headers)
    {
        var info = _serverInfo;
        if (headers is not null && info is { Headers: false })
        {
            throw new NatsException($"Cannot publish headers to '{subject}': the server does not support headers.");
        }

        var maxPayload = info?.MaxPayload ?? int.MaxValue;
        var size = (long)payloadLength + (headers?.WireLength ?? 0);
        if (size > maxPayload)
        {
            throw new NatsPayloadTooLargeException(subject.ToString(), size, maxPayload);
        }
    }
}
