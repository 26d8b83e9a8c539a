using System.Diagnostics;
using System.Globalization;
using System.Text;
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
    private readonly JSMsgSubscription _subscription;
    private readonly string _prefix;
    private long _fetches;

    private FetchInbox(JSMsgSubscription subscription, string prefix)
    {
        _subscription = subscription;
        _prefix = prefix;
    }

    public ChannelReader<NatsJSMsg> Msgs => _subscription.Msgs;

    /// <summary>Reply subject of the current fetch.</summary>
    public string ReplyTo { get; private set; } = "";

    /// <summary>Kept between fetches with the caller's token linked in, so a loop of fetches waits without new sources.</summary>
    public BufferedMsgReader Reader { get; } = new();

    /// <summary><see cref="Stopwatch"/> time it was returned to the pool.</summary>
    public long IdleSince { get; set; }

    /// <summary>False once the subscription ended (connection closed, refused): such an inbox is not reused.</summary>
    public bool IsUsable => !_subscription.Msgs.Completion.IsCompleted;

    public static async ValueTask<FetchInbox> CreateAsync(NatsJSContext context, CancellationToken ct)
    {
        var inbox = context.Connection.NewInbox();
        var subscription = await JSMsgSubscription.SubscribeAsync(context, inbox + ".*", queueGroup: null, stream: null, consumer: null, ct).ConfigureAwait(false);
        return new FetchInbox(subscription, inbox + ".");
    }

    /// <summary>Starts a fetch: a fresh reply subject; whatever earlier fetches left in the buffer is dropped.</summary>
    public string BeginFetch(string stream, string consumer)
    {
        _subscription.SetConsumer(stream, consumer);
        while (_subscription.Msgs.TryRead(out _))
        {
            // Left over from an abandoned fetch: the server redelivers such messages after the ack wait.
        }

        ReplyTo = _prefix + (++_fetches).ToString(CultureInfo.InvariantCulture);
        return ReplyTo;
    }

    /// <summary>True when the status message <paramref name="msg"/> answers the current fetch.</summary>
    public bool IsForCurrentFetch(NatsJSMsg msg) => string.Equals(msg.Subject, ReplyTo, StringComparison.Ordinal);

    /// <summary>True when <paramref name="ackSubject"/> (a <c>$JS.ACK...</c> subject) belongs to <paramref name="stream"/>/<paramref name="consumer"/>.</summary>
    public static bool IsFromConsumer(ReadOnlySpan<byte> ackSubject, string stream, string consumer)
    {
        // Fast path, the classic layout: $JS.ACK.<stream>.<consumer>.<...>
        var rest = ackSubject[NatsJSMsgMetadata.AckPrefixLength..];
        if (IsToken(rest, stream) && IsToken(rest[(stream.Length + 1)..], consumer))
        {
            return true;
        }

        // The layout with domain and account hash.
        return NatsJSMsgMetadata.TryParse(ackSubject, stream, consumer, out var metadata)
            && ReferenceEquals(metadata.Stream, stream) && ReferenceEquals(metadata.Consumer, consumer);
    }

    /// <summary><paramref name="text"/> starts with the ASCII token <paramref name="name"/> followed by a dot.</summary>
    private static bool IsToken(ReadOnlySpan<byte> text, string name) =>
        text.Length > name.Length && text[name.Length] == (byte)'.' && Ascii.Equals(text[..name.Length], name);

    public async ValueTask DisposeAsync()
    {
        Reader.Dispose();
        await _subscription.DisposeAsync().ConfigureAwait(false);
    }
}
