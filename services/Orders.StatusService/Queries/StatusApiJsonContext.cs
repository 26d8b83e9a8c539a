using System.Text.Json.Serialization;

namespace Orders.StatusService.Queries;

/// <summary>
/// Source-generated JSON for the query API's responses: camelCase names, no reflection at run
/// time. Registered first in the HTTP JSON options' resolver chain. Timestamps carry their
/// converter as a property attribute, because a context used as a resolver for other options
/// does not bring the converters of its own options along.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(OrderResponse))]
[JsonSerializable(typeof(IReadOnlyList<OrderSummaryResponse>))]
[JsonSerializable(typeof(StatsResponse))]
internal sealed partial class StatusApiJsonContext : JsonSerializerContext;
