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

    /// <summary>Messages dropped because the subscription's buffer (<see cref="NatsOpts.SubPendingCapacity"/>) was full.</summary>
    long Dropped { get; }
}
