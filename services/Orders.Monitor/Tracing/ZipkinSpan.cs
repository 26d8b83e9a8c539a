namespace Orders.Monitor.Tracing;

/// <summary>
/// One span as Zipkin's v2 JSON API carries it (what OpenTelemetry's Zipkin exporter posts):
/// ids in hex, <c>timestamp</c> in microseconds since the Unix epoch, <c>duration</c> in microseconds.
/// Only the fields the waterfall needs; the rest of the body is ignored.
/// </summary>
internal sealed record ZipkinSpan(
    string? TraceId,
    string? Id,
    string? ParentId,
    string? Name,
    string? Kind,
    long Timestamp,
    long Duration,
    ZipkinEndpoint? LocalEndpoint,
    Dictionary<string, string>? Tags);

/// <summary>Where a span was recorded: the service (OpenTelemetry's <c>service.name</c>).</summary>
internal sealed record ZipkinEndpoint(string? ServiceName);
