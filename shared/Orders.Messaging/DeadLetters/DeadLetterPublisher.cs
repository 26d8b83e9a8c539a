using System.Globalization;
using Microsoft.Extensions.Logging;
using Orders.Contracts.Messaging;
using Orders.Nats;
using Orders.Nats.JetStream;

namespace Orders.Messaging.DeadLetters;

/// <summary>
/// Copies a message that cannot be processed to <c>deadletter.&lt;service&gt;</c> (stream
/// DEADLETTER; CONTRACT.md, "Dead letters"): payload unchanged, with the reason, the original
/// subject, stream sequence and delivery count as headers, then terminates the original.
/// <c>Nats-Msg-Id</c> is <c>dead:&lt;stream&gt;:&lt;sequence&gt;</c>, so if the process dies between the
/// copy and the TERM, the copy made by the redelivery is dropped by the duplicate window.
/// </summary>
public sealed partial class DeadLetterPublisher
{
    private readonly NatsJSContext _js;
    private readonly ILogger<DeadLetterPublisher> _logger;

    /// <summary>Creates the publisher of <paramref name="serviceName"/>'s dead letters.</summary>
    public DeadLetterPublisher(NatsJSContext js, string serviceName, ILogger<DeadLetterPublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(js);
        _js = js;
        _logger = logger;
        Subject = Subjects.DeadLetter.For(serviceName);
    }

    /// <summary>Where the dead letters go, e.g. <c>deadletter.order-service</c>.</summary>
    public string Subject { get; }

    /// <summary>The dedupe id of the dead letter of a stream message.</summary>
    public static string MessageIdFor(string stream, ulong sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"dead:{stream}:{sequence}");

    /// <summary>
    /// Publishes the copy and waits for the DEADLETTER stream's ack, then sends TERM for the
    /// original. Throws (and leaves the original unsettled) when the copy is not stored, so the
    /// caller can nak it to try again: a message is never terminated without its copy.
    /// </summary>
    public async ValueTask DeadLetterAsync(NatsJSMsg msg, string reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(msg);
        var oneLine = string.IsNullOrWhiteSpace(reason) ? "no reason given" : reason.ReplaceLineEndings(" ").Trim();
        var metadata = msg.Metadata;
        var headers = new NatsHeaders
        {
            { MessageHeaders.DeadReason, oneLine },
            { MessageHeaders.OriginalSubject, msg.Subject },
            { MessageHeaders.OriginalSequence, metadata.Sequence.Stream.ToString(CultureInfo.InvariantCulture) },
            { MessageHeaders.Deliveries, metadata.NumDelivered.ToString(CultureInfo.InvariantCulture) },
        };
        var opts = new NatsJSPubOpts { MsgId = MessageIdFor(metadata.Stream, metadata.Sequence.Stream) };

        var ack = await _js.PublishAsync(Subject, msg.Data, opts, headers, ct).ConfigureAwait(false);
        LogDeadLettered(msg.Subject, metadata.Stream, metadata.Sequence.Stream, metadata.NumDelivered, oneLine, ack.Seq, ack.Duplicate);
        await msg.TermAsync(oneLine, ct).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Dead-lettered {Subject} ({Stream} #{Sequence}, delivery {Deliveries}): {Reason} (DEADLETTER #{DeadLetterSequence}, duplicate {Duplicate})")]
    private partial void LogDeadLettered(string subject, string stream, ulong sequence, ulong deliveries, string reason, ulong deadLetterSequence, bool duplicate);
}
