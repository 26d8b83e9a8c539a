using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orders.Messaging.Entities.Internal;

namespace Orders.Messaging.Entities;

/// <summary>Registers a service's actor system on the generic host with Akka.Hosting (no HOCON files).</summary>
public static class EntityHostingExtensions
{
    /// <summary>
    /// One <see cref="ActorSystem"/> named <paramref name="systemName"/> with the entity regions of
    /// <paramref name="configure"/>, started and stopped by Akka.Hosting's hosted service (registered
    /// here: hosted services stop in reverse registration order, so register what feeds the entities
    /// after this). Akka's logging goes to Microsoft.Extensions.Logging. When the host stops,
    /// CoordinatedShutdown runs (see <see cref="WithEntityRegions"/>); if the system terminates first,
    /// the host stops.
    /// </summary>
    public static IServiceCollection AddEntityActors(this IServiceCollection services, string systemName, Action<EntityActorsBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(systemName);
        if (services.Any(d => d.ServiceType == typeof(ActorSystem)))
        {
            throw new InvalidOperationException("An actor system is already registered; a service hosts one.");
        }

        services.AddEntityRegions(configure);
        services.AddAkka(systemName, (akka, provider) =>
        {
            // The host stops the system (Akka.Hosting's hosted service) after the consumers have
            // drained. Akka's own ProcessExit hook would run CoordinatedShutdown at SIGTERM, before
            // the host stops anything, and fail every message still in flight.
            akka.AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend);
            akka.ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = Akka.Event.LogLevel.InfoLevel;
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
            akka.WithEntityRegions(provider);
        });
        return services;
    }

    /// <summary>
    /// Registers the entity regions of <paramref name="configure"/> (injectable as
    /// <see cref="IEntityRegion{TActor}"/>) for an actor system configured elsewhere (e.g. by
    /// Akka.Hosting.TestKit), which then calls <see cref="WithEntityRegions"/>.
    /// </summary>
    public static IServiceCollection AddEntityRegions(this IServiceCollection services, Action<EntityActorsBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        if (services.Any(d => d.ServiceType == typeof(EntityActorsBuilder)))
        {
            throw new InvalidOperationException("Entity regions are already registered.");
        }

        var entities = new EntityActorsBuilder(services);
        configure(entities);
        services.AddSingleton(entities);
        return services;
    }

    /// <summary>
    /// Starts the parents registered by <see cref="AddEntityRegions"/> with the actor system, and adds a
    /// CoordinatedShutdown task in the <c>service-requests-done</c> phase: every parent stops its
    /// children once they have handled what they hold (new messages are refused meanwhile), then itself.
    /// </summary>
    public static AkkaConfigurationBuilder WithEntityRegions(this AkkaConfigurationBuilder akka, IServiceProvider provider)
    {
        ArgumentNullException.ThrowIfNull(akka);
        ArgumentNullException.ThrowIfNull(provider);
        var entities = provider.GetRequiredService<EntityActorsBuilder>();
        akka.AddHocon(EntityMailboxType.Hocon, HoconAddMode.Append);
        return akka.WithActors((system, registry, resolver) =>
        {
            var parents = entities.Regions
                .Select(region => (Parent: region.Start(system, registry, resolver, provider), region.Options.StopTimeout))
                .ToList();
            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, "stop-entities", async () =>
            {
                await Task.WhenAll(parents.Select(p => StopParentAsync(p.Parent, p.StopTimeout))).ConfigureAwait(false);
                return Akka.Done.Instance;
            });
        });
    }

    private static async Task StopParentAsync(IActorRef parent, TimeSpan timeout)
    {
        try
        {
            await parent.GracefulStop(timeout, StopEntities.Instance).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TaskCanceledException or AskTimeoutException)
        {
            // Children still busy past the timeout: the system's termination stops them anyway.
        }
    }
}
