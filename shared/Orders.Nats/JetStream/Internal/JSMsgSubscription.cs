using System.Buffers;
using Orders.Nats.Internal;

namespace Orders.Nats.JetStream.Internal;

/// <summary>
/// A consumer loop's subscription (push deliver subject, pull inbox): builds each <see cref="NatsJSMsg"/>
/// on the socket reader straight from the bytes, so a delivery costs one array (ack subject and payload
/// together) and the message object, with no intermediate <see cref="NatsMsg"/> or reply-subject string.
/// </summary>
internal sealed class JSMsgSubscription : BufferedSubscription<NatsJSMsg>
{
    private readonly NatsJSContext _context;
    private ConsumerNames? _names;

    private JSMsgSubscription(NatsJSContext context, long sid, string subject, string? queueGroup)
        : base(context.Connection, sid, subject, queueGroup, context.Connection.SubPendingCapacity, context.Connection.Logger, wakeOncePerRead: false)
    {
        _context = context;
    }

    public static ValueTask<JSMsgSubscription> SubscribeAsync(
        NatsJSContext context, string subject, string? queueGroup, string? stream, string? consumer, CancellationToken ct)
    {
        SubjectValidator.Validate(subject);
        SubjectValidator.ValidateOptional(queueGroup, nameof(queueGroup));
        return context.Connection.SubscribeInternalAsync(
            sid => new JSMsgSubscription(context, sid, subject, queueGroup) { _names = Names(stream, consumer) }, ct);
    }

    /// <summary>
    /// The stream and consumer whose messages arrive now (a pooled fetch inbox serves one consumer after
    /// another). Only a hint: metadata shares these strings when the names in the ack subject match.
    /// </summary>
    public void SetConsumer(string stream, string consumer) => Volatile.Write(ref _names, Names(stream, consumer));

    protected override NatsJSMsg Create(ReadOnlySpan<byte> subject, ReadOnlySpan<byte> replyTo, in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload)
    {
        var length = replyTo.Length + checked((int)payload.Length);
        var wire = length == 0 ? [] : new byte[length];
        replyTo.CopyTo(wire);
        payload.CopyTo(wire.AsSpan(replyTo.Length));
        var names = Volatile.Read(ref _names);
        return new NatsJSMsg(
            _context,
            SubjectString(subject),
            headers.IsEmpty ? null : HeaderCodec.Parse(headers),
            wire,
            replyTo.Length,
            names?.Stream,
            names?.Consumer);
    }

    private static ConsumerNames? Names(string? stream, string? consumer) =>
        stream is null || consumer is null ? null : new ConsumerNames(stream, consumer);

    /// <summary>Read and replaced as one reference, so a message never pairs one consumer's stream with another's name.</summary>
    private sealed record ConsumerNames(string Stream, string Consumer);
}
