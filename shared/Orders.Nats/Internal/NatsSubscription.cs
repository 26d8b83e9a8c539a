using System.Buffers;
using Microsoft.Extensions.Logging;

namespace Orders.Nats.Internal;

/// <summary>A core subscription: each message becomes a <see cref="NatsMsg"/> owning copies of its strings and payload.</summary>
internal sealed class NatsSubscription(NatsConnection connection, long sid, string subject, string? queueGroup, int capacity, ILogger logger)
    : BufferedSubscription<NatsMsg>(connection, sid, subject, queueGroup, capacity, logger, wakeOncePerRead: true), INatsSub
{
    protected override NatsMsg Create(ReadOnlySpan<byte> subject, ReadOnlySpan<byte> replyTo, in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload) =>
        CreateMsg(subject, replyTo, headers, payload);
}
