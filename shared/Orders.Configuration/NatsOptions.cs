namespace Orders.Configuration;

/// <summary>
/// How a process reaches NATS: bound from configuration section <c>Nats</c> by the services, the
/// monitor and the drivers alike, so the variables are one set: <c>ORDERS_Nats__Url</c>,
/// <c>ORDERS_Nats__User</c>, <c>ORDERS_Nats__Password</c>.
/// </summary>
public sealed record NatsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Nats";

    /// <summary>Where a process looks for NATS when nothing says otherwise.</summary>
    public const string DefaultUrl = "nats://127.0.0.1:4222";

    /// <summary>Server URL or comma-separated list.</summary>
    public string Url { get; init; } = DefaultUrl;

    /// <summary>The process's NATS user (least privilege, docs/contract.md "Users"); null for none.</summary>
    public string? User { get; init; }

    /// <summary>Its password: from configuration only (environment or secrets), never from code.</summary>
    public string? Password { get; init; }

    /// <summary>
    /// Prefix of the connection's reply inboxes; null means <c>_INBOX.&lt;name&gt;</c> (the service or
    /// user name), so the server can grant each user its own replies only (infra/nats/users.conf)
    /// instead of <c>_INBOX.&gt;</c>.
    /// </summary>
    public string? InboxPrefix { get; init; }
}
