using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NATS.Client.OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orders.Configuration;

namespace Orders.ServiceDefaults.Telemetry;

/// <summary>OpenTelemetry tracing and metrics of an Orders host (docs/architecture.md, "Tracing").</summary>
public static class TracingExtensions
{
    // Polled by orchestrators and harnesses, or the span sink itself: tracing them is noise (or a loop).
    private static readonly PathString[] UntracedPaths = ["/healthz", "/stats", "/api/v2/spans"];

    /// <summary>
    /// Adds OpenTelemetry through the hosting integration: ASP.NET Core requests, NATS.Net's own
    /// spans (<see cref="TracingOptions.NatsClient"/>); resource <c>service.name</c> and instance id
    /// from <paramref name="identity"/>; sampling: parent-based, roots by <see cref="RootSpanSampler"/>.
    /// Exporters: OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, Zipkin when
    /// <see cref="TracingOptions.ZipkinEndpoint"/> is; none otherwise. With OTLP the metrics go too
    /// (ASP.NET Core's, NATS.Net's on request). Libraries add their own sources and meters with
    /// <c>ConfigureOpenTelemetryTracerProvider</c> / <c>ConfigureOpenTelemetryMeterProvider</c>
    /// (Orders.Messaging does, for its pipeline spans, PostgreSQL commands and pipeline meter), so
    /// this host-wide setup does not need to know them.
    /// </summary>
    public static IHostApplicationBuilder AddOrdersTracing(this IHostApplicationBuilder builder, ServiceIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(identity);
        var section = builder.Configuration.GetSection(TracingOptions.SectionName);
        builder.Services.AddOptions<TracingOptions>().Bind(section);

        // The exporters are chosen while the services are registered, so read the section now too.
        var options = section.Get<TracingOptions>() ?? new TracingOptions();
        if (!options.Enabled)
        {
            return builder;
        }

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[TracingOptions.OtlpEndpointVariable]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(identity.Name, serviceInstanceId: identity.InstanceId))
            .WithTracing(tracing =>
            {
                tracing.SetSampler(new ParentBasedSampler(new RootSpanSampler()))
                    .AddAspNetCoreInstrumentation(aspNetCore =>
                        aspNetCore.Filter = context => !Array.Exists(UntracedPaths, path => context.Request.Path.StartsWithSegments(path)));
                if (options.NatsClient)
                {
                    tracing.AddNatsClientInstrumentation();
                }

                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }

                if (!string.IsNullOrWhiteSpace(options.ZipkinEndpoint))
                {
                    var endpoint = new Uri(options.ZipkinEndpoint, UriKind.Absolute);

                    // Deprecated upstream in favour of OTLP, which stays available above; kept because
                    // Zipkin's v2 JSON is what the monitor can take without a protobuf stack.
#pragma warning disable CS0618
                    tracing.AddZipkinExporter(zipkin => zipkin.Endpoint = endpoint);
#pragma warning restore CS0618
                }
            });

        // Metrics have no Zipkin form: exported with the traces only over OTLP.
        if (otlp)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation();
                if (options.NatsClient)
                {
                    metrics.AddNatsClientInstrumentation();
                }

                metrics.AddOtlpExporter();
            });
        }

        return builder;
    }
}
