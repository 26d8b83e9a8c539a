namespace Orders.Nats;

/// <summary>A connection to <see cref="Url"/> opened or was lost (<see cref="Error"/> says why, when known).</summary>
public sealed class NatsConnectionEventArgs(string url, Exception? error = null) : EventArgs
{
    public string Url { get; } = url;

    public Exception? Error { get; } = error;
}
