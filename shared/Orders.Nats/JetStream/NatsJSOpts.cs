namespace Orders.Nats.JetStream;

/// <summary>Options of a <see cref="NatsJSContext"/>. Change with <c>with</c>.</summary>
public sealed record NatsJSOpts
{
    /// <summary>Prefix of the JetStream API subjects (differs only for domains or imported APIs).</summary>
    public string ApiPrefix { get; init; } = "$JS.API";

    /// <summary>How long one API call or publish waits for the server's answer.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long to keep retrying while nobody answers (status 503): right after a server starts,
    /// JetStream needs a moment before it serves the API and its streams.
    /// </summary>
    public TimeSpan NotReadyRetryWindow { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The defaults.</summary>
    public static NatsJSOpts Default { get; } = new();
}
