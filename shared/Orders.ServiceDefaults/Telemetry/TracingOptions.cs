namespace Orders.ServiceDefaults.Telemetry;

/// <summary>
/// Section <c>Tracing</c> (<c>ORDERS_Tracing__ZipkinEndpoint</c>...): where spans go and which
/// libraries add spans of their own. OTLP export is configured the standard way instead
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>...). With neither set,
/// spans are made (and their context still travels in message headers) but exported nowhere.
/// </summary>
public sealed record TracingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Tracing";

    /// <summary>The environment variable that turns on OTLP export (read by the OpenTelemetry SDK itself).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// False: no OpenTelemetry at all: nothing listens to our spans, so none is made; only a
    /// <c>traceparent</c> that arrives is still passed on. The baseline of docs/benchmarks.md, "Tracing".
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Zipkin v2 JSON endpoint, e.g. the monitor's <c>http://127.0.0.1:8080/api/v2/spans</c>; null for none.</summary>
    public string? ZipkinEndpoint { get; set; }

    /// <summary>
    /// A span per PostgreSQL command (Npgsql's instrumentation), nested under the handling span;
    /// read by Orders.Messaging, which owns the database access.
    /// </summary>
    public bool Database { get; set; } = true;

    /// <summary>
    /// NATS.Net's own spans. Off by default: besides a span per publish it traces every pull
    /// request, heartbeat and ack of the consumers, mostly outside any order's trace.
    /// </summary>
    public bool NatsClient { get; set; }
}
