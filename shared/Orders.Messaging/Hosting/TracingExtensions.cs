using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NATS.Client.OpenTelemetry;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orders.Messaging.Pipeline;
using Orders.Messaging.Tracing;

namespace Orders.Messaging.Hosting;

/// <summary>OpenTelemetry tracing of an Orders service (docs/architecture.md, "Tracing").</summary>
public static class TracingExtensions
{
    // Polled by orchestrators and harnesses, or the span sink itself: tracing them is noise (or a loop).
    private static readonly PathString[] UntracedPaths = ["/healthz", "/stats", "/api/v2/spans"];

    /// <summary>
    /// Adds OpenTelemetry tracing through the hosting integration: our ActivitySource
    /// (<see cref="OrdersTracing.SourceName"/>), ASP.NET Core requests, PostgreSQL commands
    /// (<see cref="TracingOptions.Database"/>), NATS.Net's own spans (<see cref="TracingOptions.NatsClient"/>);
    /// resource <c>service.name</c> = <paramref name="serviceName"/>; sampling: parent-based, roots by
    /// <see cref="RootSpanSampler"/>. Exporters: OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set,
    /// Zipkin when <see cref="TracingOptions.ZipkinEndpoint"/> is; none otherwise. With OTLP the
    /// metrics go too: the meter <see cref="PipelineStats.MeterName"/> (messages by outcome, redeliveries,
    /// duplicates absorbed, gaps, handling time and queue wait per consumer, outbox events by subject
    /// and outbox lag) and ASP.NET Core's.
    /// </summary>
    public static IHostApplicationBuilder AddOrdersTracing(this IHostApplicationBuilder builder, string serviceName, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(builder);
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
            .ConfigureResource(resource => resource.AddService(serviceName, serviceInstanceId: instanceId))
            .WithTracing(tracing =>
            {
                tracing.SetSampler(new ParentBasedSampler(new RootSpanSampler()))
                    .AddSource(OrdersTracing.SourceName)
                    .AddAspNetCoreInstrumentation(aspNetCore =>
                        aspNetCore.Filter = context => !Array.Exists(UntracedPaths, path => context.Request.Path.StartsWithSegments(path)));
                if (options.Database)
                {
                    tracing.AddNpgsql();
                }

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

        // Metrics have no Zipkin form: exported with the traces only over OTLP. /stats/pipeline has the same counters.
        if (otlp)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
            {
                metrics.AddMeter(PipelineStats.MeterName).AddAspNetCoreInstrumentation();
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
