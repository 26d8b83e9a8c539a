using Microsoft.Extensions.DependencyInjection;
using Orders.Actors.Entities;

namespace Orders.Actors.Hosting;

/// <summary>Configures the actor system registered by <see cref="ActorSystemServiceCollectionExtensions.AddActorSystem"/>.</summary>
public sealed class ActorSystemBuilder
{
    private readonly List<Action<ActorSystem>> _setup = [];

    internal ActorSystemBuilder(IServiceCollection services, string name)
    {
        Services = services;
        Name = name;
    }

    public IServiceCollection Services { get; }

    public string Name { get; }

    internal ActorSystemOptions Options { get; private set; } = new();

    internal IReadOnlyList<Action<ActorSystem>> Setup => _setup;

    public ActorSystemBuilder WithOptions(Func<ActorSystemOptions, ActorSystemOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Options = configure(Options);
        return this;
    }

    /// <summary>
    /// Registers the entity region <paramref name="regionName"/> of <typeparamref name="TActor"/> and makes it
    /// injectable as <see cref="IEntityRegion{TActor}"/> (the first region of a given actor type wins).
    /// </summary>
    public ActorSystemBuilder WithEntityRegion<TActor>(string regionName, Func<EntityRegionOptions, EntityRegionOptions>? configure = null)
        where TActor : EntityActor
    {
        ArgumentException.ThrowIfNullOrEmpty(regionName);
        var options = configure?.Invoke(new EntityRegionOptions()) ?? new EntityRegionOptions();
        _setup.Add(system => system.CreateEntityRegion<TActor>(regionName, options));
        Services.AddSingleton<IEntityRegion<TActor>>(sp => sp.GetRequiredService<ActorSystem>().GetEntityRegion<TActor>(regionName));
        return this;
    }
}
