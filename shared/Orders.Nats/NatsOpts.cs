using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orders.Nats;

/// <summary>Connection options. Immutable: derive variants with <c>with { ... }</c>.</summary>
public sealed record NatsOpts
{
    /// <summary>Server URL, or a comma-separated list tried in order (<c>nats://user:pass@host:port</c>).</summary>
    public string Url { get; init; } = "nats://127.0.0.1:4222";

    /// <summary>Client name shown by the server (<c>/connz</c>), useful to tell services apart.</summary>
    public string Name { get; init; } = "orders";

    public string? Username { get; init; }

    public string? Password { get; init; }

    public string? Token { get; init; }

    /// <summary>When false the server does not deliver this connection's own publishes to its subscriptions.</summary>
    public bool Echo { get; init; } = true;

    /// <summary>Limit for TCP connect plus the INFO/CONNECT/PONG handshake, per server attempt.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Default for <see cref="NatsConnection.RequestAsync"/> when no timeout is passed.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Keep-alive PING period; also how stale connections get noticed.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Unanswered keep-alive PINGs after which the connection counts as stale and is re-established.</summary>
    public int MaxPingOut { get; init; } = 2;

    public TimeSpan ReconnectWaitMin { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan ReconnectWaitMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Failed reconnect attempts before giving up and closing; -1 retries forever.</summary>
    public int MaxReconnectRetry { get; init; } = -1;

    /// <summary>Bytes of publishes kept while disconnected and sent after reconnecting; beyond it publishing throws.</summary>
    public int ReconnectBufferSize { get; init; } = 8 * 1024 * 1024;

    /// <summary>Messages buffered per subscription; when the consumer falls behind further, new messages are dropped and counted.</summary>
    public int SubPendingCapacity { get; init; } = 65_536;

    public string InboxPrefix { get; init; } = "_INBOX";

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    public static NatsOpts Default { get; } = new();
}
