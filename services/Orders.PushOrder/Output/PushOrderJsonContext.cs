using System.Text.Json.Serialization;
using Orders.PushOrder.Publishing;

namespace Orders.PushOrder.Output;

/// <summary>The <c>--json</c> summary: camelCase, source-generated (no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(PushOrderSummary))]
internal sealed partial class PushOrderJsonContext : JsonSerializerContext;
