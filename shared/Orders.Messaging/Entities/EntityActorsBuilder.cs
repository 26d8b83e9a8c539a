using Akka.Actor;
using Akka.DependencyInjection;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orders.Messaging.Entities.Internal;

namespace Orders.Messaging.Entities;

/// <summary>The entity types of a service: one parent each; see <see cref="EntityHostingExtensions.AddEntityActors"/>.</summary>
public sealed class EntityActorsBuilder
{
    private readonly List<Region> _regions = [];

    internal EntityActorsBuilder(IServiceCollection services) => Services = services;

    public IServiceCollection Services { get; }

    internal IReadOnlyList<Region> Regions => _regions;

    /// <summary>
    /// A parent named <paramref name="regionName"/> for entities of <typeparamref name="TActor"/>,
    /// injectable as <see cref="IEntityRegion{TActor}"/> (and as Akka.Hosting's <c>IRequiredActor&lt;TActor&gt;</c>).
    /// </summary>
    public EntityActorsBuilder WithEntityRegion<TActor>(string regionName, Func<EntityRegionOptions, EntityRegionOptions>? configure = null)
        where TActor : EntityActor
    {
        ArgumentException.ThrowIfNullOrEmpty(regionName);
        if (_regions.Any(r => r.Name == regionName || r.ActorType == typeof(TActor)))
        {
            throw new InvalidOperationException($"An entity region named {regionName} or of {typeof(TActor).Name} is already registered.");
        }

        var options = configure?.Invoke(new EntityRegionOptions()) ?? new EntityRegionOptions();
        options.Validate();
        _regions.Add(new Region(regionName, typeof(TActor), options, (registry, parent) => registry.Register<TActor>(parent)));
        Services.AddSingleton<IEntityRegion<TActor>, EntityRegion<TActor>>();
        return this;
    }

    internal sealed record Region(string Name, Type ActorType, EntityRegionOptions Options, Action<IActorRegistry, IActorRef> Register)
    {
        /// <summary>
        /// Creates the parent; children come from the root provider through Akka.DependencyInjection,
        /// all from one Props, with the entity mailbox (<see cref="EntityMailboxType"/>).
        /// </summary>
        public IActorRef Start(ActorSystem system, IActorRegistry registry, IDependencyResolver resolver, IServiceProvider services)
        {
            var runtime = new EntityRuntime(
                Name,
                Options,
                services.GetRequiredService<IServiceScopeFactory>(),
                services.GetRequiredService<ILoggerFactory>().CreateLogger(ActorType));
            var parent = system.ActorOf(EntityParent.Props(runtime, resolver.Props(ActorType, runtime).WithMailbox(EntityMailboxType.ConfigPath)), Name);
            Register(registry, parent);
            return parent;
        }
    }
}
