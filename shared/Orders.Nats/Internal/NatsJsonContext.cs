using System.Text.Json.Serialization;

namespace Orders.Nats.Internal;

/// <summary>Source-generated JSON for the protocol's INFO message (no reflection on the read path).</summary>
[JsonSerializable(typeof(NatsServerInfo))]
internal sealed partial class NatsJsonContext : JsonSerializerContext;
