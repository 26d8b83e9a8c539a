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

    private readonly NatsJSContext _context;

    // The ack subject's bytes as the server sent them, followed by the payload: one array per
    // message, and acks go back as these bytes (no string, no validation). ReplyTo is decoded only
    // when someone asks for it.
    private readonly byte[] _wire;
    private readonly int _replyLength;
    private readonly string? _stream;
    private readonly string? _consumer;
    private string? _replyTo;
    private NatsJSMsgMetadata? _metadata;

    /// <summary>
    /// <paramref name="wire"/> holds the reply subject (<paramref name="replyLength"/> bytes) followed by the
    /// payload, and is owned by the message from now on. The metadata is parsed from the reply subject
    /// on first use, sharing the <paramref name="stream"/> and <paramref name="consumer"/> name strings of
    /// the loop that received it when they match.
    /// </summary>
    internal NatsJSMsg(NatsJSContext context, string subject, NatsHeaders? headers, byte[] wire, int replyLength, string? stream, string? consumer)
    {
        _context = context;
        Subject = subject;
        Headers = headers;
        _wire = wire;
        _replyLength = replyLength;
        _stream = stream;
        _consumer = consumer;
    }

    /// <summary>Subject the message was published to.</summary>
    public string Subject { get; }

    /// <summary>Payload.</summary>
    public ReadOnlyMemory<byte> Data => _wire.AsMemory(_replyLength);

    /// <summary>Headers it was published with, null when none.</summary>
    public NatsHeaders? Headers { get; }

    /// <summary>The ack subject (<c>$JS.ACK...</c>) the acknowledgements are sent to.</summary>
    public string ReplyTo => _replyTo ??= _replyLength == 0 ? null! : Encoding.UTF8.GetString(_wire, 0, _replyLength);

    /// <summary>Stream, consumer, sequences, delivery count, timestamp, pending count.</summary>
    /// <exception cref="FormatException">The ack subject does not have the JetStream layout (never for messages a consumer yields from a server).</exception>
    public NatsJSMsgMetadata Metadata => _metadata ??= ParseMetadata();

    /// <summary>Header and payload bytes.</summary>
    public int Size => (_wire.Length - _replyLength) + (Headers?.WireLength ?? 0);

    /// <summary>The reply subject as received (empty when none).</summary>
    internal ReadOnlyMemory<byte> ReplyToBytes => _wire.AsMemory(0, _replyLength);

    /// <summary>True when the reply subject is a JetStream ack subject: the loops hand out only such messages.</summary>
    internal bool HasAckSubject => NatsJSMsgMetadata.IsAckSubject(_wire.AsSpan(0, _replyLength));

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
        NatsJSMsgMetadata.TryParse(_wire.AsSpan(0, _replyLength), _stream, _consumer, out var metadata)
            ? metadata
            : throw new FormatException($"'{ReplyTo}' is not a JetStream ack subject.");

    private ValueTask SendAsync(ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        if (_replyLength == 0)
        {
            throw new InvalidOperationException($"The message on '{Subject}' has no ack subject.");
        }

        return _context.Connection.PublishToServerSubjectAsync(ReplyToBytes, body, ct);
    }

    private bool ServerSupportsTermReason() =>
        Version.TryParse(_context.Connection.ServerInfo?.Version, out var version) && version >= TermReasonMinVersion;
}
