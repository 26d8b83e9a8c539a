namespace Orders.Nats;

/// <summary>The connection is closed (disposed, or it gave up reconnecting).</summary>
public sealed class NatsConnectionClosedException(string message, Exception? innerException = null)
    : NatsException(message, innerException);
