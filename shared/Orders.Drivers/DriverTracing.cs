using System.Diagnostics;
using NATS.Client.Core;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orders.Contracts.Messaging;

namespace Orders.Drivers;

/// <summary>
/// Tracing for the drivers: a driver's publish starts an order's trace and sends its
/// <c>traceparent</c> header, which every service continues (docs/architecture.md, "Tracing").
/// A driver is no host, so it builds its tracer provider itself, only when an exporter is set:
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or <c>ORDERS_Tracing__ZipkinEndpoint</c> (the services' setting).
/// Without one nothing listens, no span is made and no header is sent: the first service starts the trace.
/// </summary>
internal static class DriverTracing
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ZipkinEndpointVariable = "ORDERS_Tracing__ZipkinEndpoint";

    /// <summary>The services' source name: one <c>AddSource</c> covers every span of ours, driver or service.</summary>
    public static ActivitySource Source { get; } = new("Orders.Messaging");

    /// <summary>The tracer provider for <paramref name="serviceName"/>; null when no exporter is set. Dispose it to flush.</summary>
    public static TracerProvider? Start(string serviceName)
    {
        var otlp = Environment.GetEnvironmentVariable(OtlpEndpointVariable);
        var zipkin = Environment.GetEnvironmentVariable(ZipkinEndpointVariable);
        if (string.IsNullOrWhiteSpace(otlp) && string.IsNullOrWhiteSpace(zipkin))
        {
            return null;
        }

        var builder = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(serviceName))
            .AddSource(Source.Name);
        if (!string.IsNullOrWhiteSpace(otlp))
        {
            builder.AddOtlpExporter();
        }

        if (!string.IsNullOrWhiteSpace(zipkin) && Uri.TryCreate(zipkin, UriKind.Absolute, out var endpoint))
        {
            // Deprecated upstream in favour of OTLP (above); the monitor takes Zipkin's v2 JSON.
#pragma warning disable CS0618
            builder.AddZipkinExporter(options => options.Endpoint = endpoint);
#pragma warning restore CS0618
        }

        return builder.Build();
    }

    /// <summary>
    /// Starts the Producer span of one publish, a root: one trace per order. Not left current, so
    /// the next publish of a run does not become its child. Null when tracing is off.
    /// </summary>
    public static Activity? StartPublish(string subject, string? orderId)
    {
        var ambient = Activity.Current;
        var span = Source.StartActivity($"publish {subject}", ActivityKind.Producer, parentContext: default);
        Activity.Current = ambient;
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("messaging.system", "nats");
            span.SetTag("messaging.destination.name", subject);
            if (orderId is not null)
            {
                span.SetTag("orders.order_id", orderId);
            }
        }

        return span;
    }

    /// <summary>The headers that carry <paramref name="span"/>'s context; null without a span.</summary>
    public static NatsHeaders? HeadersFor(Activity? span) =>
        span is { IdFormat: ActivityIdFormat.W3C, Id: { } id } ? new NatsHeaders { [MessageHeaders.TraceParent] = id } : null;
}
