using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Akka.Actor;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orders.Configuration;
using Orders.Messaging.Entities;
using Orders.Messaging.Hosting.Internal;
using Orders.Messaging.Outbox;
using Orders.Messaging.Pipeline;
using Orders.Messaging.Provisioning;
using Orders.Messaging.Tracing;

namespace Orders.Messaging.Hosting;

/// <summary>Wires a service's messaging in the one order that makes start-up and shutdown right.</summary>
public static class OrdersMessagingExtensions
{
    /// <summary>
    /// Binds <see cref="PostgresOptions"/>, <see cref="StreamsOptions"/> and <see cref="HealthOptions"/>
    /// from their sections; adds the <c>consumers</c>, <c>postgres</c> and <c>outbox</c> health checks,
    /// <see cref="PipelineStats"/> (served at <see cref="PipelineStats.Path"/> by the service), and
    /// our ActivitySource, PostgreSQL spans (<c>Tracing:Database</c>) and meter to the host's
    /// OpenTelemetry, if it has one. Then registers, in this order (hosted services start in it and stop in reverse):
    /// <list type="number">
    /// <item>EF Core migrations of <typeparamref name="TContext"/> applied at start (and a pooled
    /// <see cref="IDbContextFactory{TContext}"/> on <see cref="PostgresOptions.ConnectionString"/>
    /// unless the service registered one);</item>
    /// <item>the actor system (<see cref="OrdersMessagingBuilder.WithActors"/>, Akka.Hosting): at stop
    /// CoordinatedShutdown stops the entities once they handled what they hold, then terminates;</item>
    /// <item>the outbox relay with <see cref="JetStreamOutboxPublisher"/>: final flush at stop;</item>
    /// <item>stream and consumer provisioning at start;</item>
    /// <item>the consumers (each handling <c>Pipeline:MaxInFlight</c> messages at once when that is set): at stop they take no new messages and finish those in flight.</item>
    /// </list>
    /// With the NATS connection registered first by the service defaults (<c>AddServiceDefaults</c>, Orders.ServiceDefaults),
    /// shutdown (SIGTERM) is: consumers stop and finish in flight -> outbox final flush -> actors stop -> NATS drain.
    /// </summary>
    public static IHostApplicationBuilder AddOrdersMessaging<TContext>(this IHostApplicationBuilder builder, Action<OrdersMessagingBuilder> configure)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        var identity = services.LastOrDefault(d => d.ServiceType == typeof(ServiceIdentity))?.ImplementationInstance as ServiceIdentity
            ?? throw new InvalidOperationException("Call builder.AddServiceDefaults(serviceName) before AddOrdersMessaging.");
        if (services.Any(d => d.ServiceType == typeof(ActorSystem)))
        {
            throw new InvalidOperationException(
                "Register the actor system through AddOrdersMessaging(m => m.WithActors(...)), not AddAkka: it must stop after the consumers and the outbox relay.");
        }

        var messaging = new OrdersMessagingBuilder();
        configure(messaging);

        var configuration = builder.Configuration;
        builder.AddOrdersPostgres();
        services.AddOptions<StreamsOptions>().Bind(configuration.GetSection(StreamsOptions.SectionName));
        services.AddOptions<HealthOptions>().Bind(configuration.GetSection(HealthOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ConsumerBindings>();
        services.AddMetrics();
        services.TryAddSingleton<PipelineStats>();
        services.AddHealthChecks().AddCheck<ConsumerBindingHealthCheck>("consumers");
        AddTelemetry(services, configuration.GetValue(DatabaseSpansKey, defaultValue: true));

        if (!services.Any(d => d.ServiceType == typeof(IDbContextFactory<TContext>)))
        {
            services.AddPooledDbContextFactory<TContext>((sp, options) =>
                options.UseNpgsql(sp.GetRequiredService<IOptions<PostgresOptions>>().Value.EffectiveConnectionString));
        }

        services.AddHostedService<DatabaseMigrator<TContext>>();

        if (messaging.ConfigureActors is { } configureActors)
        {
            services.AddEntityActors(identity.Name, configureActors);
        }

        services.TryAddSingleton(sp => new JetStreamOutboxPublisher(sp.GetRequiredService<NATS.Client.JetStream.INatsJSContext>()));
        services.TryAddSingleton<IOutboxPublisher>(sp => sp.GetRequiredService<JetStreamOutboxPublisher>());
        services.AddOutboxRelay<TContext>();
        services.AddHealthChecks().AddCheck<OutboxHealthCheck<TContext>>("outbox");

        services.AddMessagingCore();
        services.AddHostedService<ProvisioningService>();
        var maxInFlight = configuration.GetValue<int?>(MaxInFlightKey);
        foreach (var addConsumer in messaging.Consumers)
        {
            addConsumer(services, maxInFlight);
        }

        return builder;
    }

    /// <summary>
    /// The service's database without the rest: <see cref="PostgresOptions"/> bound from section
    /// <c>Postgres</c> and the <c>postgres</c> health check (<c>SELECT 1</c> within
    /// <see cref="PostgresOptions.HealthCheckTimeout"/>). Part of <see cref="AddOrdersMessaging{TContext}"/>.
    /// </summary>
    public static IHostApplicationBuilder AddOrdersPostgres(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(d => d.ServiceType == typeof(PostgresHealthCheck)))
        {
            return builder;
        }

        builder.Services.AddOptions<PostgresOptions>().Bind(builder.Configuration.GetSection(PostgresOptions.SectionName));
        builder.Services.AddSingleton<PostgresHealthCheck>();
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres");
        return builder;
    }

    /// <summary>Messages each consumer of the service handles at once in one instance (all consumers alike).</summary>
    private const string MaxInFlightKey = "Pipeline:MaxInFlight";

    /// <summary>The service defaults' <c>Tracing:Database</c>: a span per PostgreSQL command.</summary>
    private const string DatabaseSpansKey = "Tracing:Database";

    // Inert unless the host builds a tracer or meter provider (the service defaults do when tracing
    // is on), so the messaging needs no knowledge of exporters or of whether telemetry is wanted.
    private static void AddTelemetry(IServiceCollection services, bool databaseSpans)
    {
        services.ConfigureOpenTelemetryTracerProvider(tracing =>
        {
            tracing.AddSource(OrdersTracing.SourceName);
            if (databaseSpans)
            {
                tracing.AddNpgsql();
            }
        });
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(PipelineStats.MeterName));
    }
}
