namespace Orders.Messaging.Hosting;

/// <summary>How the service reaches NATS; bound from configuration section <c>Nats</c> (e.g. <c>ORDERS_Nats__Url</c>).</summary>
public sealed record NatsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Nats";

    /// <summary>Server URL or comma-separated list.</summary>
    public string Url { get; init; } = "nats://127.0.0.1:4222";

    /// <summary>The service's NATS user (least privilege, docs/contract.md "Users"); null for none.</summary>
    public string? User { get; init; }

    /// <summary>Its password: from configuration only (environment or secrets), never from code.</summary>
    public string? Password { get; init; }

    /// <summary>
    /// Prefix of the connection's reply inboxes; null means <c>_INBOX.&lt;service-name&gt;</c>, so the
    /// server can grant each service its own replies only (infra/nats/users.conf) instead of <c>_INBOX.&gt;</c>.
    /// </summary>
    public string? InboxPrefix { get; init; }
}
