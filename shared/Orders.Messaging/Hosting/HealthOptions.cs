namespace Orders.Messaging.Hosting;

/// <summary>When <c>/healthz</c> stops calling a service healthy; bound from section <c>Health</c>.</summary>
public sealed record HealthOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Health";

    /// <summary>
    /// How long a consumer may go without a bound JetStream consumer (deleted, its stream lost,
    /// NATS away) before the service answers unhealthy. Short gaps are normal: a broker restart
    /// takes a few seconds to come back from.
    /// </summary>
    public TimeSpan ConsumerUnboundThreshold { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long an event may wait in the outbox, unsent, before the service answers unhealthy.</summary>
    public TimeSpan OutboxLagThreshold { get; init; } = TimeSpan.FromSeconds(30);
}
