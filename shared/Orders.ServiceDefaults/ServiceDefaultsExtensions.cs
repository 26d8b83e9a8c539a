using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orders.Configuration;
using Orders.ServiceDefaults.Health.Internal;
using Orders.ServiceDefaults.Nats;
using Orders.ServiceDefaults.Telemetry;

namespace Orders.ServiceDefaults;

/// <summary>
/// What every Orders service host shares (the shape of eShop's <c>ServiceDefaults</c>):
/// configuration, identity, logging, the NATS connection, OpenTelemetry, health.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Path of the health endpoint.</summary>
    public const string HealthPath = "/healthz";

    /// <summary>
    /// Adds: <c>ORDERS_</c> environment variables over appsettings.json, below the command line
    /// (<see cref="OrdersConfiguration.AddOrdersEnvironmentVariables"/>); <see cref="ServiceIdentity"/>
    /// (instance id from <c>InstanceId</c>); console logging with scopes; the NATS.Net connection
    /// from section <c>Nats</c> (<see cref="NatsConnectionExtensions.AddOrdersNatsConnection"/>);
    /// OpenTelemetry (<see cref="TracingExtensions.AddOrdersTracing"/>); health checks, with the
    /// <c>nats</c> check. Call it first: the NATS connection must be the first hosted service so
    /// that it stops last. Then the service's own parts (e.g. <c>AddOrdersMessaging</c>).
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="serviceName">The service's name (e.g. <c>order-service</c>): durable names, dead-letter subject, NATS client name and inbox prefix.</param>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        if (builder.Services.Any(d => d.ServiceType == typeof(ServiceIdentity)))
        {
            throw new InvalidOperationException("AddServiceDefaults was already called.");
        }

        builder.Configuration.AddOrdersEnvironmentVariables();
        var identity = ServiceIdentity.From(serviceName, builder.Configuration[ServiceIdentity.InstanceIdKey]);
        builder.Services.AddSingleton(identity);
        builder.Services.TryAddSingleton(TimeProvider.System);

        builder.Logging.AddSimpleConsole(console =>
        {
            console.IncludeScopes = true;
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });

        builder.AddOrdersNatsConnection(identity);
        builder.AddOrdersTracing(identity);
        builder.Services.AddMetrics();
        builder.Services.AddHealthChecks().AddOrdersNatsCheck();
        return builder;
    }

    /// <summary>
    /// Maps <c>GET /healthz</c>: 200 when every check is healthy or degraded, else 503; the JSON body
    /// names what is down or degraded, in words.
    /// </summary>
    public static IEndpointRouteBuilder MapDefaultEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync });
        return endpoints;
    }
}
