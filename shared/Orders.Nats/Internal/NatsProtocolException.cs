namespace Orders.Nats.Internal;

/// <summary>The server sent bytes that are not valid NATS protocol; the connection is re-established.</summary>
internal sealed class NatsProtocolException(string message) : NatsException(message);
