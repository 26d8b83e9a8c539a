using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orders.Actors.Hosting.Internal;

namespace Orders.Actors.Hosting;

public static class ActorSystemServiceCollectionExtensions
{
    /// <summary>
    /// Registers an <see cref="ActorSystem"/> singleton, its regions (see <see cref="ActorSystemBuilder"/>)
    /// and a hosted service that starts it with the host and shuts it down gracefully when the host stops.
    /// Hosted services stop in reverse order of registration, so call this before registering the
    /// services that feed the actors: they stop taking input first, then the actors drain.
    /// </summary>
    public static IServiceCollection AddActorSystem(this IServiceCollection services, string name, Action<ActorSystemBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (services.Any(d => d.ServiceType == typeof(ActorSystem)))
        {
            throw new InvalidOperationException("An actor system is already registered.");
        }

        var builder = new ActorSystemBuilder(services, name);
        configure?.Invoke(builder);
        services.AddSingleton(sp =>
        {
            var system = new ActorSystem(name, builder.Options, sp);
            foreach (var setup in builder.Setup)
            {
                setup(system);
            }

            return system;
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ActorSystemHostedService>());
        return services;
    }
}
