using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orders.Messaging.Entities.Internal;

namespace Orders.Messaging.Entities;

/// <summary>Registers a service's actor system on the generic host with Akka.Hosting (no HOCON files).</summary>
public static class EntityHostingExtensions
{
    /// <summary>
    /// One <see cref="ActorSystem"/> named <paramref name="systemName"/>, started and stopped by
    /// Akka.Hosting's hosted service (registered here: hosted services stop in reverse registration
    /// order, so register what feeds the entities after this). Akka's logging goes to
    /// Microsoft.Extensions.Logging. When the host stops, CoordinatedShutdown runs; in its
    /// <c>service-requests-done</c> phase every entity parent stops its children after they have
    /// handled what they hold, then the system terminates. If the system terminates first, the host stops.
    /// </summary>
    public static IServiceCollection AddEntityActors(this IServiceCollection services, string systemName, Action<EntityActorsBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(systemName);
        ArgumentNullException.ThrowIfNull(configure);
        if (services.Any(d => d.ServiceType == typeof(ActorSystem)))
        {
            throw new InvalidOperationException("An actor system is already registered; a service hosts one.");
        }

        var entities = new EntityActorsBuilder(services);
        configure(entities);
        services.AddAkka(systemName, (akka, provider) =>
        {
            akka.ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = Akka.Event.LogLevel.InfoLevel;
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
            akka.WithActors((system, registry, resolver) =>
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
        });
        return services;
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
