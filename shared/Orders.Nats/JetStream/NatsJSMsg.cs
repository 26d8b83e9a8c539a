using System.Globalization;
using System.Text;
using Orders.Nats.JetStream.Internal;

namespace Orders.Nats.JetStream;

/// <summary>
/// A message delivered by a JetStream consumer, with the acknowledgements its consumer expects.
/// Acknowledge every message exactly once: <see cref="AckAsync"/> when handled,
/// <see cref="NakAsync"/> to have it redelivered, <see cref="TermAsync"/> to give up on it;
/// <see cref="InProgressAsync"/> buys time without deciding.
/// </summary>
public sealed class NatsJSMsg
{
    private static readonly ReadOnlyMemory<byte> Ack = "+ACK"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> Nak = "-NAK"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> InProgress = "+WPI"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> Term = "+TERM"u8.ToArray();

    // nats-server understands "+TERM <reason>" only from 2.10.4 on (older servers treat the
    // unknown body as a NAK and redeliver), so the reason is dropped for older servers.
    private static readonly Version TermReasonMinVersion = new(2, 10, 4);

    private readonly NatsMsg _msg;
    private readonly NatsJSContext _context;
    private readonly string? _stream;
    private readonly string? _consumer;
    private NatsJSMsgMetadata? _metadata;

    /// <summary>
    /// <paramref name="msg"/> must have an ack subject (<see cref="NatsJSMsgMetadata.IsAckSubject"/>); it is parsed
    /// on first use of <see cref="Metadata"/>, sharing the <paramref name="stream"/> and <paramref name="consumer"/>
    /// name strings of the loop that received it when they match.
    /// </summary>
    internal NatsJSMsg(NatsMsg msg, NatsJSContext context, string? stream, string? consumer)
    {
        _msg = msg;
        _context = context;
        _stream = stream;
        _consumer = consumer;
    }

    /// <summary>Subject the message was published to.</summary>
    public string Subject => _msg.Subject;

    /// <summary>Payload.</summary>
    public ReadOnlyMemory<byte> Data => _msg.Data;

    /// <summary>Headers it was published with, null when none.</summary>
    public NatsHeaders? Headers => _msg.Headers;

    /// <summary>The ack subject (<c>$JS.ACK...</c>) the acknowledgements are sent to.</summary>
    public string ReplyTo => _msg.ReplyTo!;

    /// <summary>Stream, consumer, sequences, delivery count, timestamp, pending count.</summary>
    /// <exception cref="FormatException">The ack subject does not have the JetStream layout (never for messages a consumer yields from a server).</exception>
    public NatsJSMsgMetadata Metadata => _metadata ??= ParseMetadata();

    /// <summary>Header and payload bytes.</summary>
    public int Size => _msg.Size;

    /// <summary>Acknowledges the message (fire and forget: the server does not confirm).</summary>
    public ValueTask AckAsync(CancellationToken ct = default) => SendAsync(Ack, ct);

    /// <summary>
    /// Acknowledges the message and waits until the server confirms it recorded the ack ("double
    /// ack"): use before an irreversible step that must not run twice. Throws
    /// <see cref="NatsTimeoutException"/> when no confirmation comes (e.g. the ack wait had expired
    /// and the message was already redelivered elsewhere).
    /// </summary>
    public async ValueTask AckSyncAsync(TimeSpan? timeout = null, CancellationToken ct = default) =>
        await _context.Connection.RequestAsync(ReplyTo, Ack, headers: null, timeout ?? _context.Opts.RequestTimeout, ct).ConfigureAwait(false);

    /// <summary>
    /// Negatively acknowledges the message: the server redelivers it, after <paramref name="delay"/>
    /// when given (otherwise at once, or after the consumer's backoff).
    /// </summary>
    public ValueTask NakAsync(TimeSpan? delay = null, CancellationToken ct = default)
    {
        if (delay is not { } value || value <= TimeSpan.Zero)
        {
            return SendAsync(Nak, ct);
        }

        var body = string.Create(CultureInfo.InvariantCulture, $"-NAK {{\"delay\":{NanosecondsJsonConverter.ToNanoseconds(value)}}}");
        return SendAsync(Encoding.ASCII.GetBytes(body), ct);
    }

    /// <summary>
    /// Tells the server to stop delivering this message (it stays in the stream). The
    /// <paramref name="reason"/> reaches the server's termination advisory on nats-server 2.10.4+.
    /// </summary>
    public ValueTask TermAsync(string? reason = null, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason) || !ServerSupportsTermReason())
        {
            return SendAsync(Term, ct);
        }

        var oneLine = reason.ReplaceLineEndings(" ");
        return SendAsync(Encoding.UTF8.GetBytes($"+TERM {oneLine}"), ct);
    }

    /// <summary>Tells the server the message is still being worked on: restarts its ack wait.</summary>
    public ValueTask InProgressAsync(CancellationToken ct = default) => SendAsync(InProgress, ct);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Subject} (stream {Metadata.Stream} #{Metadata.Sequence.Stream}, delivery {Metadata.NumDelivered})";

    // Parsed when asked for (a consumer that only acks never pays for it); a race parses twice, with equal results.
    private NatsJSMsgMetadata ParseMetadata() =>
        NatsJSMsgMetadata.TryParse(_msg.ReplyTo, _stream, _consumer, out var metadata)
            ? metadata
            : throw new FormatException($"'{_msg.ReplyTo}' is not a JetStream ack subject.");

    private ValueTask SendAsync(ReadOnlyMemory<byte> body, CancellationToken ct) =>
        _context.Connection.PublishAsync(ReplyTo, body, headers: null, replyTo: null, ct);

    private bool ServerSupportsTermReason() =>
        Version.TryParse(_context.Connection.ServerInfo?.Version, out var version) && version >= TermReasonMinVersion;
}
