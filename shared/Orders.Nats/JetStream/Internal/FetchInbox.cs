using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;

namespace Orders.Nats.JetStream.Internal;

/// <summary>
/// A wildcard inbox subscription (<c>&lt;inbox&gt;.*</c>) that serves one fetch at a time and is then
/// reused by the next. Each fetch gets its own reply subject under it, so a late status (e.g. the
/// "408 expired" of an earlier fetch) is told apart from the current fetch's. Messages keep the
/// subject they were published to, so they are matched by their ack subject instead: a late one
/// of the same consumer is still a valid delivery, one of another consumer is not handed out.
/// </summary>
internal sealed class FetchInbox : IAsyncDisposable
{
    private readonly INatsSub _subscription;
    private readonly string _prefix;
    private long _fetches;

    private FetchInbox(INatsSub subscription, string prefix)
    {
        _subscription = subscription;
        _prefix = prefix;
    }

    public ChannelReader<NatsMsg> Msgs => _subscription.Msgs;

    /// <summary>Reply subject of the current fetch.</summary>
    public string ReplyTo { get; private set; } = "";

    /// <summary>Kept between fetches with the caller's token linked in, so a loop of fetches waits without new sources.</summary>
    public BufferedMsgReader Reader { get; } = new();

    /// <summary><see cref="Stopwatch"/> time it was returned to the pool.</summary>
    public long IdleSince { get; set; }

    /// <summary>False once the subscription ended (connection closed, refused): such an inbox is not reused.</summary>
    public bool IsUsable => !_subscription.Msgs.Completion.IsCompleted;

    public static async ValueTask<FetchInbox> CreateAsync(NatsConnection connection, CancellationToken ct)
    {
        var inbox = connection.NewInbox();
        var subscription = await connection.SubscribeCoreAsync(inbox + ".*", queueGroup: null, ct).ConfigureAwait(false);
        return new FetchInbox(subscription, inbox + ".");
    }

    /// <summary>Starts a fetch: a fresh reply subject; whatever earlier fetches left in the buffer is dropped.</summary>
    public string BeginFetch()
    {
        while (_subscription.Msgs.TryRead(out _))
        {
            // Left over from an abandoned fetch: the server redelivers such messages after the ack wait.
        }

        ReplyTo = _prefix + (++_fetches).ToString(CultureInfo.InvariantCulture);
        return ReplyTo;
    }

    /// <summary>True when the status message <paramref name="msg"/> answers the current fetch.</summary>
    public bool IsForCurrentFetch(in NatsMsg msg) => string.Equals(msg.Subject, ReplyTo, StringComparison.Ordinal);

    /// <summary>True when <paramref name="ackSubject"/> (a <c>$JS.ACK...</c> subject) belongs to <paramref name="stream"/>/<paramref name="consumer"/>.</summary>
    public static bool IsFromConsumer(string ackSubject, string stream, string consumer)
    {
        // Fast path, the classic layout: $JS.ACK.<stream>.<consumer>.<...>
        var rest = ackSubject.AsSpan(NatsJSMsgMetadata.AckPrefixLength);
        if (rest.StartsWith(stream, StringComparison.Ordinal) && rest.Length > stream.Length + 1 && rest[stream.Length] == '.'
            && rest[(stream.Length + 1)..].StartsWith(consumer, StringComparison.Ordinal))
        {
            return true;
        }

        // The layout with domain and account hash.
        return NatsJSMsgMetadata.TryParse(ackSubject, stream, consumer, out var metadata)
            && ReferenceEquals(metadata.Stream, stream) && ReferenceEquals(metadata.Consumer, consumer);
    }

    public async ValueTask DisposeAsync()
    {
        Reader.Dispose();
        await _subscription.DisposeAsync().ConfigureAwait(false);
    }
}
