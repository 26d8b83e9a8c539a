using System.Globalization;
using Microsoft.Extensions.Logging;
using Orders.Contracts.Messaging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Orders.Messaging.Pipeline.Internal;

namespace Orders.Messaging.DeadLetters;

/// <summary>
/// Copies a message that cannot be processed to <c>deadletter.&lt;service&gt;</c> (stream
/// DEADLETTER; docs/contract.md, "Dead letters"): payload unchanged, with the reason, the original
/// subject, stream sequence and delivery count as headers, then terminates the original.
/// <c>Nats-Msg-Id</c> is <c>dead:&lt;service&gt;:&lt;stream&gt;:&lt;sequence&gt;</c>, so if the process dies between
/// the copy and the TERM, the copy made by the redelivery is dropped by the duplicate window, while
/// two services dead-lettering the same message (both read ORDERS) each keep their copy.
/// A payload too big to travel next to the dead-letter headers (it was within the server's max
/// payload alone) is cut to fit, says so in the reason and in <c>Orders-Original-Size</c>, and stays
/// whole in its own stream at <c>Orders-Original-Sequence</c>: a dead letter that cannot be stored
/// would be a message lost on its last delivery.
/// </summary>
public sealed partial class DeadLetterPublisher
{
    private readonly INatsJSContext _js;
    private readonly ILogger<DeadLetterPublisher> _logger;
    private readonly string _serviceName;

    // Room for the Nats-Msg-Id header the publish adds, the header block's framing and the size header.
    private const int HeaderAllowance = 256;

    /// <summary>Creates the publisher of <paramref name="serviceName"/>'s dead letters.</summary>
    public DeadLetterPublisher(INatsJSContext js, string serviceName, ILogger<DeadLetterPublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(js);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        _js = js;
        _logger = logger;
        _serviceName = serviceName;
        Subject = Subjects.DeadLetter.For(serviceName);
    }

    /// <summary>Where the dead letters go, e.g. <c>deadletter.order-service</c>.</summary>
    public string Subject { get; }

    /// <summary>The dedupe id of the dead letter of a stream message.</summary>
    public static string MessageIdFor(string serviceName, string stream, ulong sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"dead:{serviceName}:{stream}:{sequence}");

    /// <summary>
    /// Publishes the copy and waits for the DEADLETTER stream's ack, then sends TERM for the
    /// original. Throws (and leaves the original unsettled) when the copy is not stored, so the
    /// caller can nak it to try again: a message is never terminated without its copy.
    /// </summary>
    public async ValueTask DeadLetterAsync(INatsJSMsg<byte[]> msg, string reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(msg);
        var oneLine = string.IsNullOrWhiteSpace(reason) ? "no reason given" : reason.ReplaceLineEndings(" ").Trim();
        var metadata = msg.Meta();
        var headers = new NatsHeaders
        {
            { MessageHeaders.DeadReason, oneLine },
            { MessageHeaders.OriginalSubject, msg.Subject },
            { MessageHeaders.OriginalSequence, metadata.Sequence.Stream.ToString(CultureInfo.InvariantCulture) },
            { MessageHeaders.Deliveries, metadata.NumDelivered.ToString(CultureInfo.InvariantCulture) },
        };
        var payload = FitPayload(msg.Payload(), headers, ref oneLine);
        var opts = new NatsJSPubOpts { MsgId = MessageIdFor(_serviceName, metadata.Stream, metadata.Sequence.Stream) };

        var ack = await _js.PublishAsync(Subject, payload, RawBytes.Instance, opts, headers, ct).ConfigureAwait(false);
        if (ack.Error is { } error)
        {
            throw new NatsJSApiException(error);
        }

        // A duplicate is the copy an earlier delivery stored before it died: stored all the same.
        LogDeadLettered(msg.Subject, metadata.Stream, metadata.Sequence.Stream, metadata.NumDelivered, oneLine, ack.Seq, ack.Duplicate);

        // Plain TERM: nats-server below 2.10.4 reads "+TERM <reason>" as a NAK (docs/contract.md).
        await msg.AckTerminateAsync(cancellationToken: ct).ConfigureAwait(false);
    }

    private ReadOnlyMemory<byte> FitPayload(ReadOnlyMemory<byte> data, NatsHeaders headers, ref string reason)
    {
        var maxPayload = _js.Connection.ServerInfo?.MaxPayload ?? int.MaxValue;
        var headerBytes = HeaderAllowance + headers.Sum(h => h.Key.Length + 2 + System.Text.Encoding.UTF8.GetByteCount(h.Value.ToString()) + 2);
        var room = maxPayload - headerBytes - 64; // 64: the reason grows by the note below
        if (data.Length <= room)
        {
            return data;
        }

        var kept = Math.Max(0, room);
        reason += string.Create(CultureInfo.InvariantCulture,
            $" (payload cut from {data.Length} to {kept} bytes to fit next to these headers)");
        headers[MessageHeaders.DeadReason] = reason;
        headers[MessageHeaders.OriginalSize] = data.Length.ToString(CultureInfo.InvariantCulture);
        return data[..kept];
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Dead-lettered {Subject} ({Stream} #{Sequence}, delivery {Deliveries}): {Reason} (DEADLETTER #{DeadLetterSequence}, duplicate {Duplicate})")]
    private partial void LogDeadLettered(string subject, string stream, ulong sequence, ulong deliveries, string reason, ulong deadLetterSequence, bool duplicate);
}
