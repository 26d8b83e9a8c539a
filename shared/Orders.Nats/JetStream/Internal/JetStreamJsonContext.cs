using System.Text.Json.Serialization;

namespace Orders.Nats.JetStream.Internal;

/// <summary>
/// Source-generated (reflection-free, trimming-safe) serializers for the JetStream API: snake_case
/// names, durations in nanoseconds, nulls left out so the server applies its own defaults.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(NanosecondsJsonConverter)])]
[JsonSerializable(typeof(StreamConfig))]
[JsonSerializable(typeof(StreamInfo))]
[JsonSerializable(typeof(ConsumerCreateRequest))]
[JsonSerializable(typeof(ConsumerInfo))]
[JsonSerializable(typeof(ApiErrorResponse))]
[JsonSerializable(typeof(SuccessResponse))]
[JsonSerializable(typeof(PurgeResponse))]
[JsonSerializable(typeof(MsgGetRequest))]
[JsonSerializable(typeof(MsgGetResponse))]
[JsonSerializable(typeof(PullRequest))]
internal sealed partial class JetStreamJsonContext : JsonSerializerContext;
