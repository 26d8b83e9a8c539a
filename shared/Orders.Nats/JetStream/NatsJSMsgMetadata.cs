using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Orders.Nats.JetStream;

/// <summary>A message's position in its stream and in its consumer.</summary>
/// <param name="Stream">Stream sequence: unique and stable for the message within its stream.</param>
/// <param name="Consumer">Consumer sequence: counts deliveries, redeliveries included.</param>
public readonly record struct NatsJSSequencePair(ulong Stream, ulong Consumer);

/// <summary>
/// What JetStream encodes in a delivered message's ack subject:
/// <c>$JS.ACK.&lt;stream&gt;.&lt;consumer&gt;.&lt;delivered&gt;.&lt;stream seq&gt;.&lt;consumer seq&gt;.&lt;timestamp ns&gt;.&lt;pending&gt;</c>
/// or the newer form with <c>&lt;domain&gt;.&lt;account hash&gt;</c> after <c>ACK</c> and a trailing random token.
/// </summary>
/// <param name="Stream">Stream name.</param>
/// <param name="Consumer">Consumer name.</param>
/// <param name="NumDelivered">How often this message has been delivered (greater than 1 means a redelivery).</param>
/// <param name="Sequence">Stream and consumer sequence.</param>
/// <param name="Timestamp">When the stream stored the message.</param>
/// <param name="NumPending">Messages still pending for the consumer after this one.</param>
/// <param name="Domain">JetStream domain, empty when none.</param>
public sealed record NatsJSMsgMetadata(
    string Stream,
    string Consumer,
    ulong NumDelivered,
    NatsJSSequencePair Sequence,
    DateTimeOffset Timestamp,
    ulong NumPending,
    string Domain)
{
    internal const int AckPrefixLength = 8; // "$JS.ACK."
    private const int V1TokenCount = 9;   // $JS ACK stream consumer delivered sseq cseq ts pending
    private const int V2MinTokenCount = 12; // $JS ACK domain hash stream consumer delivered sseq cseq ts pending token
    private const int MaxTokens = 16;
    private const int MaxStackSubject = 512;

    private static ReadOnlySpan<byte> AckPrefix => "$JS.ACK."u8;

    /// <summary>Parses an ack subject; false when it is not a JetStream ack subject.</summary>
    public static bool TryParse(string? replyTo, [NotNullWhen(true)] out NatsJSMsgMetadata? metadata)
    {
        metadata = null;
        if (replyTo is null || !replyTo.StartsWith("$JS.ACK.", StringComparison.Ordinal))
        {
            return false;
        }

        var length = Encoding.UTF8.GetByteCount(replyTo);
        var rented = length > MaxStackSubject ? ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            var bytes = rented is null ? stackalloc byte[MaxStackSubject] : rented;
            var written = Encoding.UTF8.GetBytes(replyTo, bytes);
            return TryParse(bytes[..written], knownStream: null, knownConsumer: null, out metadata);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The cheap check a consumer loop makes before handing a message out (the full parse happens on first use).</summary>
    internal static bool IsAckSubject(ReadOnlySpan<byte> replyTo) => replyTo.StartsWith(AckPrefix);

    /// <summary>
    /// Parses an ack subject as the server sent it. A consumer loop passes the names it consumes, so
    /// every message of it shares those strings instead of allocating its own.
    /// </summary>
    internal static bool TryParse(ReadOnlySpan<byte> replyTo, string? knownStream, string? knownConsumer, [NotNullWhen(true)] out NatsJSMsgMetadata? metadata)
    {
        metadata = null;
        if (!IsAckSubject(replyTo))
        {
            return false;
        }

        Span<Range> tokens = stackalloc Range[MaxTokens];
        var count = Split(replyTo, tokens);
        if (count > MaxTokens || (count != V1TokenCount && count < V2MinTokenCount))
        {
            return false;
        }

        // In the newer form two tokens (domain, account hash) come first; "_" means "no domain".
        var first = count == V1TokenCount ? 2 : 4;
        var domain = count == V1TokenCount || replyTo[tokens[2]] is [(byte)'_'] ? "" : Encoding.UTF8.GetString(replyTo[tokens[2]]);
        var stream = replyTo[tokens[first]];
        var consumer = replyTo[tokens[first + 1]];
        if (stream.IsEmpty || consumer.IsEmpty
            || !TryParseNumber(replyTo[tokens[first + 2]], out var delivered)
            || !TryParseNumber(replyTo[tokens[first + 3]], out var streamSeq)
            || !TryParseNumber(replyTo[tokens[first + 4]], out var consumerSeq)
            || !long.TryParse(replyTo[tokens[first + 5]], NumberStyles.None, CultureInfo.InvariantCulture, out var timestampNs)
            || !TryParseNumber(replyTo[tokens[first + 6]], out var pending))
        {
            return false;
        }

        metadata = new NatsJSMsgMetadata(
            Name(stream, knownStream),
            Name(consumer, knownConsumer),
            delivered,
            new NatsJSSequencePair(streamSeq, consumerSeq),
            DateTimeOffset.UnixEpoch.AddTicks(timestampNs / TimeSpan.NanosecondsPerTick),
            pending,
            domain);
        return true;
    }

    /// <summary>Parses an ack subject or throws <see cref="FormatException"/>.</summary>
    public static NatsJSMsgMetadata Parse(string replyTo) =>
        TryParse(replyTo, out var metadata)
            ? metadata
            : throw new FormatException($"'{replyTo}' is not a JetStream ack subject.");

    private static bool TryParseNumber(ReadOnlySpan<byte> token, out ulong value) =>
        ulong.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static string Name(ReadOnlySpan<byte> token, string? known) =>
        known is not null && Utf8Equals(token, known) ? known : Encoding.UTF8.GetString(token);

    /// <summary>True when <paramref name="utf8"/> is <paramref name="text"/> encoded as UTF-8 (names are nearly always ASCII: checked first).</summary>
    private static bool Utf8Equals(ReadOnlySpan<byte> utf8, string text)
    {
        if (Ascii.Equals(utf8, text))
        {
            return true;
        }

        if (Ascii.IsValid(text) || Encoding.UTF8.GetByteCount(text) != utf8.Length)
        {
            return false;
        }

        var rented = utf8.Length > MaxStackSubject ? ArrayPool<byte>.Shared.Rent(utf8.Length) : null;
        try
        {
            var encoded = rented is null ? stackalloc byte[MaxStackSubject] : rented;
            var written = Encoding.UTF8.GetBytes(text, encoded);
            return encoded[..written].SequenceEqual(utf8);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Ranges of the '.'-separated tokens; returns their count, more than <paramref name="tokens"/> holds meaning too many.</summary>
    private static int Split(ReadOnlySpan<byte> subject, Span<Range> tokens)
    {
        var count = 0;
        var start = 0;
        while (true)
        {
            var dot = subject[start..].IndexOf((byte)'.');
            var end = dot < 0 ? subject.Length : start + dot;
            if (count == tokens.Length)
            {
                return count + 1;
            }

            tokens[count++] = new Range(start, end);
            if (dot < 0)
            {
                return count;
            }

            start = end + 1;
        }
    }
}
