using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orders.Monitor.Tracing;

/// <summary>Source-generated JSON for the spans coming in (Zipkin v2) and the trace going out: camelCase.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<ZipkinSpan>))]
[JsonSerializable(typeof(TraceResponse))]
internal sealed partial class TraceJsonContext : JsonSerializerContext;
