using System.Text.Json.Serialization;
using Orders.UpdateStatus.Follow;

namespace Orders.UpdateStatus.Output;

/// <summary>One outcome in <c>--json</c> output (a line of its own in follow mode).</summary>
internal sealed record OutcomeJson(
    string Outcome,
    string OrderId,
    string Status,
    string RequestId,
    int? ExpectedVersion,
    int? Version,
    string? Reason,
    string? CurrentStatus,
    int? CurrentVersion,
    double LatencyMs);

/// <summary>Source-generated, camelCase; nulls left out.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OutcomeJson))]
[JsonSerializable(typeof(FollowSummary))]
internal sealed partial class UpdateStatusJsonContext : JsonSerializerContext;
