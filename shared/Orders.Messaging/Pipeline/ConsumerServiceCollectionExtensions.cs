using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.Messaging.DeadLetters;
using Orders.Messaging.Entities;
using Orders.Configuration;
using Orders.Messaging.Provisioning;
using NATS.Client.JetStream;

namespace Orders.Messaging.Pipeline;

/// <summary>Registers consumer pipelines on the generic host.</summary>
public static class ConsumerServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="JetStreamConsumer{TActor}"/> hosted service for <paramref name="definition"/>
    /// (the consumer is created by <see cref="StreamProvisioner"/> before it starts), plus the shared
    /// pieces when missing: <see cref="StreamProvisioner"/>, <see cref="PipelineStats"/> and the
    /// <see cref="DeadLetterPublisher"/> of the service (<see cref="ServiceIdentity"/>, else the durable name).
    /// Needs an <see cref="INatsJSContext"/> and the <see cref="IEntityRegion{TActor}"/> registered.
    /// Call it after <c>AddEntityActors</c>: hosted services stop in reverse order, and consumers must stop first.
    /// </summary>
    public static IServiceCollection AddJetStreamConsumer<TActor>(this IServiceCollection services, ConsumerDefinition definition)
        where TActor : EntityActor
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(definition);
        definition.Validate();
        if (services.Any(d => d.ServiceType == typeof(ConsumerDefinition) && d.ImplementationInstance is ConsumerDefinition c
                              && c.Stream == definition.Stream && c.Durable == definition.Durable))
        {
            throw new InvalidOperationException($"Consumer {definition.Name} is already registered.");
        }

        services.AddSingleton(definition);
        services.AddMessagingCore();
        services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<JetStreamConsumer<TActor>>(sp, definition));
        return services;
    }

    /// <summary>What every consumer shares; idempotent.</summary>
    internal static IServiceCollection AddMessagingCore(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<PipelineStats>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ConsumerBindings>();
        services.TryAddSingleton(sp => sp.GetService<IOptions<StreamsOptions>>()?.Value ?? new StreamsOptions());
        services.TryAddSingleton<StreamProvisioner>();
        services.TryAddSingleton(sp => new DeadLetterPublisher(
            sp.GetRequiredService<INatsJSContext>(),
            sp.GetService<ServiceIdentity>()?.Name ?? sp.GetServices<ConsumerDefinition>().First().Durable,
            sp.GetRequiredService<ILogger<DeadLetterPublisher>>()));
        return services;
    }
}
