using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.Messaging.Hosting.Internal;
using Orders.Messaging.Pipeline;
using Orders.Messaging.Provisioning;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Extensions.Microsoft.DependencyInjection;

namespace Orders.Messaging.Hosting;

/// <summary>
/// What every Orders service shares (in the style of .NET Aspire's/eShop's <c>ServiceDefaults</c>):
/// configuration, options, logging, the NATS connection, health and pipeline-stats endpoints.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Path of the health endpoint.</summary>
    public const string HealthPath = "/healthz";

    /// <summary>Path of the pipeline figures.</summary>
    public const string PipelineStatsPath = "/stats/pipeline";

    /// <summary>
    /// Adds: <c>ORDERS_</c> environment variables over appsettings.json (<c>ORDERS_Nats__Url</c>);
    /// <see cref="NatsOptions"/>, <see cref="PostgresOptions"/>, <see cref="StreamsOptions"/> bound
    /// from their sections; console logging with scopes; <see cref="ServiceIdentity"/>; the
    /// NATS.Net <see cref="INatsConnection"/> (named <c>&lt;service&gt;-&lt;instance&gt;</c>) and <see cref="INatsJSContext"/>
    /// singletons, connected at start and drained at stop; OpenTelemetry tracing
    /// (<see cref="TracingExtensions.AddOrdersTracing"/>); health checks for NATS and PostgreSQL;
    /// <see cref="PipelineStats"/>. Call it first: the NATS connection must be the first hosted
    /// service so that it stops last. Then <see cref="OrdersMessagingExtensions.AddOrdersMessaging{TContext}"/>.
    /// </summary>
    /// <param name="builder">The web application builder.</param>
    /// <param name="serviceName">The service's name (e.g. <c>order-service</c>): durable names, dead-letter subject, NATS client name.</param>
    public static WebApplicationBuilder AddOrdersServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(ServiceIdentity)))
        {
            throw new InvalidOperationException("AddOrdersServiceDefaults was already called.");
        }

        AddOrdersEnvironmentVariables(builder.Configuration);
        var instanceId = builder.Configuration["InstanceId"] is { Length: > 0 } configured
            ? configured
            : $"{Environment.MachineName}-{Environment.ProcessId}";
        services.AddSingleton(new ServiceIdentity(serviceName, instanceId));
        builder.AddOrdersTracing(serviceName, instanceId);

        services.AddOptions<NatsOptions>().Bind(builder.Configuration.GetSection(NatsOptions.SectionName));
        services.AddOptions<PostgresOptions>().Bind(builder.Configuration.GetSection(PostgresOptions.SectionName));
        services.AddOptions<StreamsOptions>().Bind(builder.Configuration.GetSection(StreamsOptions.SectionName));
        services.AddOptions<HealthOptions>().Bind(builder.Configuration.GetSection(HealthOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ConsumerBindings>();

        builder.Logging.AddSimpleConsole(console =>
        {
            console.IncludeScopes = true;
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });

        // NATS.Net's connection from DI (INatsConnection, INatsClient), configured from the Nats section.
        services.AddNatsClient(nats => nats.ConfigureOptions(opts => opts.Configure<IServiceProvider>((natsOpts, sp) =>
        {
            var options = sp.GetRequiredService<IOptions<NatsOptions>>().Value;
            natsOpts.Opts = natsOpts.Opts with
            {
                Url = options.Url,
                Name = sp.GetRequiredService<ServiceIdentity>().ConnectionName,
                AuthOpts = NatsAuthOpts.Default with { Username = options.User, Password = options.Password },
                InboxPrefix = options.InboxPrefix ?? $"_INBOX.{serviceName}",
                LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
            };
        })).ConfigureConnection((sp, connection) => sp.GetRequiredService<NatsConnectionHealth>().Watch(connection)));
        services.AddSingleton<INatsJSContext>(sp => new NatsJSContext(sp.GetRequiredService<INatsConnection>()));
        services.TryAddSingleton<NatsConnectionHealth>();

        // First hosted service of ours: stops last (drain after consumers, actors and the outbox are done).
        services.AddHostedService<NatsConnectionLifetime>();

        services.AddMetrics();
        services.TryAddSingleton<PipelineStats>();
        services.AddHealthChecks()
            .AddCheck<NatsHealthCheck>("nats")
            .AddCheck<ConsumerBindingHealthCheck>("consumers")
            .AddCheck<PostgresHealthCheck>("postgres");
        return builder;
    }

    /// <summary>
    /// <c>ORDERS_</c> variables override appsettings.json and the plain environment, while the command
    /// line keeps the last word (as for every other source): the source goes in just before it.
    /// </summary>
    private static void AddOrdersEnvironmentVariables(IConfigurationBuilder configuration)
    {
        var source = new EnvironmentVariablesConfigurationSource { Prefix = "ORDERS_" };
        var commandLine = configuration.Sources.ToList().FindLastIndex(s => s is CommandLineConfigurationSource);
        if (commandLine < 0)
        {
            configuration.Add(source);
        }
        else
        {
            configuration.Sources.Insert(commandLine, source);
        }
    }

    /// <summary>
    /// Maps <c>GET /healthz</c> (200 when NATS is connected and PostgreSQL answers, else 503; the JSON
    /// body names what is down) and <c>GET /stats/pipeline</c> (<see cref="PipelineStatsSnapshot"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapOrdersDefaultEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync });
        endpoints.MapGet(PipelineStatsPath, (PipelineStats stats) => Results.Ok(stats.Snapshot()));
        return endpoints;
    }
}
