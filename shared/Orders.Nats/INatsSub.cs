using System.Threading.Channels;

namespace Orders.Nats;

/// <summary>A core subscription: messages arrive on <see cref="Msgs"/>; dispose to unsubscribe.</summary>
public interface INatsSub : IAsyncDisposable
{
    string Subject { get; }

    string? QueueGroup { get; }

    /// <summary>
    /// Received messages. Completes when unsubscribed, drained or the connection is disposed; completes
    /// with an error (e.g. <see cref="NatsAuthorizationException"/>) when the server refuses the subscription.
    /// </summary>
    ChannelReader<NatsMsg> Msgs { get; }

    ValueTask UnsubscribeAsync();

    /// <summary>
    /// Stops the server delivering (UNSUB) but keeps every message it sent before it processed the
    /// UNSUB: <see cref="Msgs"/> completes only after a PING round trip, so a consumer that reads it to
    /// the end has settled everything it was given (a plain unsubscribe drops what is in transit).
    /// </summary>
    ValueTask DrainAsync(CancellationToken ct = default);

    /// <summary>Messages dropped because the subscription's buffer (<see cref="NatsOpts.SubPendingCapacity"/>) was full.</summary>
    long Dropped { get; }
}
