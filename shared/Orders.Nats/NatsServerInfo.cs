using System.Text.Json.Serialization;

namespace Orders.Nats;

/// <summary>What the server announced in its INFO message (updated when it sends a new one).</summary>
public sealed record NatsServerInfo
{
    [JsonPropertyName("server_id")] public string ServerId { get; init; } = "";
    [JsonPropertyName("server_name")] public string ServerName { get; init; } = "";
    [JsonPropertyName("version")] public string Version { get; init; } = "";
    [JsonPropertyName("host")] public string Host { get; init; } = "";
    [JsonPropertyName("port")] public int Port { get; init; }
    [JsonPropertyName("proto")] public int ProtocolVersion { get; init; }
    [JsonPropertyName("headers")] public bool Headers { get; init; }

    /// <summary>Largest message (headers plus payload) the server accepts, in bytes.</summary>
    [JsonPropertyName("max_payload")] public int MaxPayload { get; init; } = 1024 * 1024;

    [JsonPropertyName("jetstream")] public bool JetStream { get; init; }
    [JsonPropertyName("auth_required")] public bool AuthRequired { get; init; }
    [JsonPropertyName("tls_required")] public bool TlsRequired { get; init; }
    [JsonPropertyName("client_id")] public ulong ClientId { get; init; }
    [JsonPropertyName("client_ip")] public string? ClientIp { get; init; }
    [JsonPropertyName("cluster")] public string? Cluster { get; init; }

    /// <summary>Other cluster members the client may reconnect to.</summary>
    [JsonPropertyName("connect_urls")] public IReadOnlyList<string>? ConnectUrls { get; init; }

    /// <summary>Lame-duck mode: the server is about to shut down.</summary>
    [JsonPropertyName("ldm")] public bool LameDuckMode { get; init; }
}
