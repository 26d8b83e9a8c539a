using System.Buffers;
using System.Text;

namespace Orders.Nats.Internal;

/// <summary>An entry of the connection's subscription table, keyed by sid; re-sent as SUB after every reconnect.</summary>
internal abstract class SubscriptionBase(NatsConnection connection, long sid, string subject, string? queueGroup)
{
    private readonly byte[] _subjectBytes = Encoding.UTF8.GetBytes(subject);

    // One-entry cache for wildcard subscriptions that keep receiving the same concrete subject.
    private string? _lastSubject;
    private byte[]? _lastSubjectBytes;

    public NatsConnection Connection { get; } = connection;

    public long Sid { get; } = sid;

    public string Subject { get; } = subject;

    public string? QueueGroup { get; } = queueGroup;

    /// <summary>Called on the socket reader: must never block.</summary>
    public abstract void Deliver(ReadOnlySpan<byte> subject, ReadOnlySpan<byte> replyTo, in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload);

    /// <summary>The server refused the subscription, or the connection closed for good.</summary>
    public abstract void Fault(Exception error);

    /// <summary>No more messages will come (unsubscribed, drained, connection disposed).</summary>
    public abstract void Complete();

    protected NatsMsg CreateMsg(ReadOnlySpan<byte> subject, ReadOnlySpan<byte> replyTo, in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload) =>
        new(
            SubjectString(subject),
            replyTo.IsEmpty ? null : Encoding.UTF8.GetString(replyTo),
            headers.IsEmpty ? null : HeaderCodec.Parse(headers),
            payload.IsEmpty ? ReadOnlyMemory<byte>.Empty : payload.ToArray(),
            Connection);

    private string SubjectString(ReadOnlySpan<byte> subject)
    {
        if (subject.SequenceEqual(_subjectBytes))
        {
            return Subject;
        }

        var last = _lastSubjectBytes;
        if (last is not null && subject.SequenceEqual(last))
        {
            return _lastSubject!;
        }

        var text = Encoding.UTF8.GetString(subject);
        _lastSubject = text;
        _lastSubjectBytes = subject.ToArray();
        return text;
    }
}
