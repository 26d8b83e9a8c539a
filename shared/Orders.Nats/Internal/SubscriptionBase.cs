using System.Buffers;
using System.Text;

namespace Orders.Nats.Internal;

/// <summary>An entry of the connection's subscription table, keyed by sid; re-sent as SUB after every reconnect.</summary>
internal abstract class SubscriptionBase(NatsConnection connection, long sid, string subject, string? queueGroup)
{
    // One-entry cache for wildcard subscriptions that keep receiving the same concrete subject.
    // Only the socket reader touches it.
    private string? _lastSubject;

    public NatsConnection Connection { get; } = connection;

    public long Sid { get; } = sid;

    public string Subject { get; } = subject;

    public string? QueueGroup { get; } = queueGroup;

    /// <summary>Why the server refused the subscription, if it did (set before <see cref="Fault"/> ends it).</summary>
    public Exception? Error { get; protected set; }

    /// <summary>Called on the socket reader: must never block.</summary>
    public abstract void Deliver(ReadOnlySpan<byte> subject, ReadOnlySpan<byte> replyTo, in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload);

    /// <summary>
    /// True for subscriptions that want <see cref="OnReadBatchEnd"/>: work that <see cref="Deliver"/>
    /// collects can then be done once per socket read instead of once per message.
    /// </summary>
    public virtual bool WantsReadBatchEnd => false;

    /// <summary>Socket reader only: already in the current read's list of subscriptions to call <see cref="OnReadBatchEnd"/> on.</summary>
    public bool AwaitsReadBatchEnd { get; set; }

    /// <summary>Called on the socket reader after the last message of a read that delivered to this subscription. Must never throw.</summary>
    public virtual void OnReadBatchEnd()
    {
    }

    /// <summary>The server refused the subscription, or the connection closed for good.</summary>
    public abstract void Fault(Exception error);

    /// <summary>No more messages will come (unsubscribed, drained, connection disposed).</summary>
    public abstract void Complete();

    protected NatsMsg CreateMsg(ReadOnlySpan<byte> subject, ReadOnlySpan<byte> replyTo, in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload) =>
        CreateMsg(SubjectString(subject), replyTo, headers, payload);

    /// <summary>For callers that already hold the subject as a string (the request mux knows each reply's subject).</summary>
    protected NatsMsg CreateMsg(string subject, ReadOnlySpan<byte> replyTo, in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload) =>
        new(
            subject,
            replyTo.IsEmpty ? null : Encoding.UTF8.GetString(replyTo),
            headers.IsEmpty ? null : HeaderCodec.Parse(headers),
            payload.IsEmpty ? ReadOnlyMemory<byte>.Empty : payload.ToArray(),
            Connection);

    /// <summary>
    /// The subscription's own subject or the last one seen, compared as bytes against the strings
    /// (no copy kept); only a new subject is decoded. Non-ASCII subjects are always decoded.
    /// </summary>
    protected string SubjectString(ReadOnlySpan<byte> subject)
    {
        if (Ascii.Equals(subject, Subject))
        {
            return Subject;
        }

        var last = _lastSubject;
        if (last is not null && Ascii.Equals(subject, last))
        {
            return last;
        }

        var text = Encoding.UTF8.GetString(subject);
        _lastSubject = text;
        return text;
    }
}
