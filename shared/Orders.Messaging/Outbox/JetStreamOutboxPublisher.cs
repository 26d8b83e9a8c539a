using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Orders.Messaging.Persistence;
using Orders.Messaging.Pipeline.Internal;

namespace Orders.Messaging.Outbox;

/// <summary>
/// The outbox relay's broker: publishes each row to JetStream with <c>Nats-Msg-Id</c> = its event
/// id (docs/contract.md), and completes when the stream acknowledged it. A republish after a crash
/// is dropped by the stream's duplicate window and answered with <c>duplicate: true</c>, which
/// counts as stored.
/// </summary>
/// <remarks>
/// Pipelining: NATS.Net writes a publish before its first wait for the connection (the ack is
/// awaited afterwards), so the relay's batch of calls goes out back to back, in call order, with
/// the acks outstanding together. Should two ever cross, nothing breaks: consumers nak a version
/// gap until its predecessor arrives.
/// </remarks>
public sealed class JetStreamOutboxPublisher(INatsJSContext js) : IOutboxPublisher
{
    /// <inheritdoc />
    public ValueTask PublishAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var opts = new NatsJSPubOpts { MsgId = message.EventId };
        return AwaitAckAsync(js.PublishAsync<ReadOnlyMemory<byte>>(message.Subject, message.Payload, RawBytes.Instance, opts, ToHeaders(message.Headers), ct));
    }

    private static async ValueTask AwaitAckAsync(ValueTask<PubAckResponse> pending)
    {
        // Not EnsureSuccess(): it throws on a duplicate, which here is a row published before a crash.
        var ack = await pending.ConfigureAwait(false);
        if (ack.Error is { } error)
        {
            throw new NatsJSApiException(error);
        }
    }

    private static NatsHeaders? ToHeaders(IReadOnlyDictionary<string, string>? headers)
    {
        if (headers is not { Count: > 0 })
        {
            return null;
        }

        var result = new NatsHeaders();
        foreach (var (key, value) in headers)
        {
            result.Add(key, value);
        }

        return result;
    }
}
