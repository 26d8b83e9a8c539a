namespace Orders.Nats;

/// <summary>While disconnected, publishes are buffered up to <see cref="NatsOpts.ReconnectBufferSize"/> bytes; this one did not fit.</summary>
public sealed class NatsReconnectBufferFullException(string subject, int size, long buffered, int capacity)
    : NatsException(
        $"Cannot publish {size} bytes to '{subject}': the connection is down and its reconnect buffer already holds {buffered} of {capacity} bytes " +
        $"(NatsOpts.ReconnectBufferSize). The message was not sent; retry after reconnecting.")
{
    public int Capacity { get; } = capacity;
}
