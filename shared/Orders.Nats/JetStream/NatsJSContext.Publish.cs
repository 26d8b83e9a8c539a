using System.Globalization;
using System.Runtime.CompilerServices;
using Orders.Nats.JetStream.Internal;

namespace Orders.Nats.JetStream;

public sealed partial class NatsJSContext
{
    // The stream name of the last ack, shared by the next acks of the same stream (see PubAckReader).
    private string? _lastPubAckStream;

    /// <summary>
    /// Publishes to a stream and waits for its acknowledgement. Throws a
    /// <see cref="NatsJSApiException"/> subclass when the stream refuses the message (e.g.
    /// <see cref="NatsJSWrongLastSequenceException"/>), <see cref="NatsJSNotAvailableException"/>
    /// when no stream takes the subject, <see cref="NatsTimeoutException"/> when no ack arrives.
    /// For many messages use <see cref="PublishBatchAsync"/> or <see cref="CreatePublisherAsync"/>:
    /// awaiting each ack in turn costs a round trip per message.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<PubAckResponse> PublishAsync(
        string subject,
        ReadOnlyMemory<byte> data,
        NatsJSPubOpts? opts = null,
        NatsHeaders? headers = null,
        CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        var reply = await RequestWithRetryAsync(subject, data, WithPubHeaders(headers, opts), ct).ConfigureAwait(false);
        return PubAckReader.Read(reply.Data.Span, subject, ref _lastPubAckStream);
    }

    /// <summary>
    /// Publishes every item with at most <paramref name="maxOutstanding"/> acks outstanding and
    /// returns the acks in item order. Throws the first failure after all items are settled.
    /// </summary>
    public async Task<IReadOnlyList<PubAckResponse>> PublishBatchAsync(
        IEnumerable<NatsJSPubItem> items, int maxOutstanding = NatsJSPublisher.DefaultMaxOutstanding, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        await using var publisher = await CreatePublisherAsync(maxOutstanding, ct).ConfigureAwait(false);
        var acks = new List<Task<PubAckResponse>>();
        foreach (var item in items)
        {
            acks.Add(await publisher.PublishAsync(item.Subject, item.Data, item.Opts, item.Headers, ct).ConfigureAwait(false));
        }

        return await Task.WhenAll(acks).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates a pipelined publisher: one reply subscription for all acks, at most
    /// <paramref name="maxOutstanding"/> unacknowledged publishes in flight. Dispose it when done.
    /// </summary>
    public ValueTask<NatsJSPublisher> CreatePublisherAsync(int maxOutstanding = NatsJSPublisher.DefaultMaxOutstanding, CancellationToken ct = default) =>
        NatsJSPublisher.CreateAsync(this, maxOutstanding, ct);

    /// <summary>The caller's headers plus the JetStream expectation headers (the caller's object is not changed).</summary>
    internal static NatsHeaders? WithPubHeaders(NatsHeaders? headers, NatsJSPubOpts? opts)
    {
        if (opts is null || (opts.MsgId is null && opts.ExpectedStream is null && opts.ExpectedLastSequence is null && opts.ExpectedLastMsgId is null))
        {
            return headers;
        }

        var result = new NatsHeaders();
        if (headers is not null)
        {
            foreach (var (key, value) in headers)
            {
                result.Add(key, value);
            }
        }

        if (opts.MsgId is { } msgId)
        {
            result[JSHeaderNames.MsgId] = msgId;
        }

        if (opts.ExpectedStream is { } stream)
        {
            result[JSHeaderNames.ExpectedStream] = stream;
        }

        if (opts.ExpectedLastSequence is { } sequence)
        {
            result[JSHeaderNames.ExpectedLastSequence] = sequence.ToString(CultureInfo.InvariantCulture);
        }

        if (opts.ExpectedLastMsgId is { } lastMsgId)
        {
            result[JSHeaderNames.ExpectedLastMsgId] = lastMsgId;
        }

        return result;
    }

    /// <summary>Reads a publish's ack (throws like <see cref="PublishAsync"/>); for one-off parsing.</summary>
    internal static PubAckResponse ParsePubAck(ReadOnlySpan<byte> json, string subject)
    {
        string? noStreamSeenYet = null;
        return PubAckReader.Read(json, subject, ref noStreamSeenYet);
    }
}
