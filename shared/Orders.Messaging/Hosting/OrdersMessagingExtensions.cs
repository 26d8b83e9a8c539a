using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Akka.Actor;
using Orders.Messaging.Entities;
using Orders.Messaging.Hosting.Internal;
using Orders.Messaging.Outbox;
using Orders.Messaging.Pipeline;

namespace Orders.Messaging.Hosting;

/// <summary>Wires a service's messaging in the one order that makes start-up and shutdown right.</summary>
public static class OrdersMessagingExtensions
{
    /// <summary>
    /// Registers, in this order (hosted services start in it and stop in reverse):
    /// <list type="number">
    /// <item>EF Core migrations of <typeparamref name="TContext"/> applied at start (and a pooled
    /// <see cref="IDbContextFactory{TContext}"/> on <see cref="PostgresOptions.ConnectionString"/>
    /// unless the service registered one);</item>
    /// <item>the actor system (<see cref="OrdersMessagingBuilder.WithActors"/>, Akka.Hosting): at stop
    /// CoordinatedShutdown stops the entities once they handled what they hold, then terminates;</item>
    /// <item>the outbox relay with <see cref="JetStreamOutboxPublisher"/>: final flush at stop;</item>
    /// <item>stream and consumer provisioning at start;</item>
    /// <item>the consumers: at stop they take no new messages and finish those in flight.</item>
    /// </list>
    /// With the NATS connection registered first by <see cref="ServiceDefaultsExtensions.AddOrdersServiceDefaults"/>,
    /// shutdown (SIGTERM) is: consumers stop and finish in flight -> outbox final flush -> actors stop -> NATS drain.
    /// </summary>
    public static IHostApplicationBuilder AddOrdersMessaging<TContext>(this IHostApplicationBuilder builder, Action<OrdersMessagingBuilder> configure)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        var identity = services.LastOrDefault(d => d.ServiceType == typeof(ServiceIdentity))?.ImplementationInstance as ServiceIdentity
            ?? throw new InvalidOperationException("Call builder.AddOrdersServiceDefaults(serviceName) before AddOrdersMessaging.");
        if (services.Any(d => d.ServiceType == typeof(ActorSystem)))
        {
            throw new InvalidOperationException(
                "Register the actor system through AddOrdersMessaging(m => m.WithActors(...)), not AddAkka: it must stop after the consumers and the outbox relay.");
        }

        var messaging = new OrdersMessagingBuilder();
        configure(messaging);

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
        foreach (var addConsumer in messaging.Consumers)
        {
            addConsumer(services);
        }

        return builder;
    }
}
