namespace Orders.Messaging.Provisioning;

/// <summary>How the contract's streams are created; bound from configuration section <c>Streams</c>.</summary>
public sealed record StreamsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Streams";

    /// <summary>Replicas per stream: 1 on a single server, 3 in a cluster.</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>How long provisioning keeps retrying while NATS or JetStream is not reachable or not ready.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
