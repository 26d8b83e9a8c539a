namespace Orders.Monitor.Hosting;

/// <summary>How the monitor reaches NATS (configuration section <c>Nats</c>, e.g. <c>ORDERS_Nats__Url</c>).</summary>
internal sealed record NatsOptions
{
    public const string SectionName = "Nats";

    /// <summary>Server URL or comma-separated list.</summary>
    public string Url { get; init; } = "nats://127.0.0.1:4222";

    /// <summary>The read-only user of infra/nats/users.conf.</summary>
    public string? User { get; init; } = "monitor";

    /// <summary>Its password: from configuration only (<c>ORDERS_Nats__Password</c> or secrets), never from code or the command line.</summary>
    public string? Password { get; init; }
}
