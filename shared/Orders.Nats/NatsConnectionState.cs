namespace Orders.Nats;

public enum NatsConnectionState
{
    /// <summary>Not connected yet, or disposed / given up reconnecting.</summary>
    Closed,
    Connecting,
    Open,

    /// <summary>The connection was lost; publishes are buffered while the client tries the servers again.</summary>
    Reconnecting,
}
