using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orders.Actors.Entities;
using Orders.Actors.Internal;
using Orders.Actors.Supervision;

namespace Orders.Actors;

/// <summary>
/// Home of a set of actors in this process: creates them, owns their entity regions, reports dead
/// letters, and shuts them down gracefully (<see cref="ShutdownAsync"/>). Actors run on the shared
/// thread pool; an idle actor costs memory only.
/// </summary>
public sealed partial class ActorSystem : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ActorCell> _actors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EntityRegion> _regions = new(StringComparer.Ordinal);
    private readonly IServiceProvider _services;

    /// <param name="name">Shows in actor paths, logs and metric tags.</param>
    /// <param name="options">Defaults when null.</param>
    /// <param name="services">
    /// Where actors' constructor dependencies, the logger and the meter factory come from; entity
    /// regions create a scope per incarnation from it. Null: no services, no logging.
    /// </param>
    public ActorSystem(string name, ActorSystemOptions? options = null, IServiceProvider? services = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Options = options ?? new ActorSystemOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Throughput, 1, nameof(options));
        _services = services ?? EmptyServiceProvider.Instance;
        Logger = _services.GetService<ILoggerFactory>()?.CreateLogger<ActorSystem>() ?? NullLogger<ActorSystem>.Instance;
        Metrics = new ActorMetrics(name, _services.GetService<IMeterFactory>(), () => _regions.Values);
        DeadLetters = new DeadLetterOffice(this);
    }

    public string Name { get; }

    public ActorSystemOptions Options { get; }

    internal ILogger Logger { get; }

    internal ActorMetrics Metrics { get; }

    internal DeadLetterOffice DeadLetters { get; }

    /// <summary>Creates a top-level actor, resolving its constructor from the system's services.</summary>
    /// <exception cref="InvalidOperationException">The name is taken, or the system is shutting down.</exception>
    public IActorRef ActorOf<TActor>(string name, SupervisionOptions? supervision = null)
        where TActor : Actor
    {
        var factory = ActivatorUtilities.CreateFactory<TActor>([]);
        return ActorOf(name, () => factory(_services, null), supervision);
    }

    /// <summary>Creates a top-level actor; <paramref name="factory"/> makes each incarnation (at start and on restart).</summary>
    public IActorRef ActorOf(string name, Func<Actor> factory, SupervisionOptions? supervision = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(factory);
        ThrowIfShuttingDown();
        var props = new ActorProps(() => new Incarnation(factory(), Scope: null), supervision ?? Options.Supervision);
        var cell = new ActorCell(this, props, name, region: null);
        if (!_actors.TryAdd(name, cell))
        {
            throw new InvalidOperationException($"An actor named '{name}' already exists in system '{Name}'.");
        }

        cell.Start();
        return cell;
    }

    /// <summary>
    /// Creates the region <paramref name="name"/> whose entities are <typeparamref name="TActor"/>,
    /// each resolved with <see cref="ActivatorUtilities"/> (from a scope per incarnation by default).
    /// </summary>
    public IEntityRegion<TActor> CreateEntityRegion<TActor>(string name, EntityRegionOptions? options = null)
        where TActor : EntityActor
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ThrowIfShuttingDown();
        options ??= new EntityRegionOptions();
        var factory = ActivatorUtilities.CreateFactory<TActor>([]);
        var scopes = options.ScopePerIncarnation ? _services.GetService<IServiceScopeFactory>() : null;
        var props = new ActorProps(
            () =>
            {
                if (scopes is null)
                {
                    return new Incarnation(factory(_services, null), Scope: null);
                }

                var scope = scopes.CreateScope();
                try
                {
                    return new Incarnation(factory(scope.ServiceProvider, null), scope);
                }
                catch
                {
                    scope.Dispose();
                    throw;
                }
            },
            options.Supervision ?? Options.Supervision);

        var region = new EntityRegion<TActor>(this, name, options, props);
        if (!_regions.TryAdd(name, region))
        {
            region.Close();
            throw new InvalidOperationException($"An entity region named '{name}' already exists in system '{Name}'.");
        }

        return region;
    }

    /// <summary>The region created as <paramref name="name"/> for <typeparamref name="TActor"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such region.</exception>
    public IEntityRegion<TActor> GetEntityRegion<TActor>(string name)
        where TActor : EntityActor =>
        _regions.TryGetValue(name, out var region) && region is IEntityRegion<TActor> typed
            ? typed
            : throw new KeyNotFoundException($"System '{Name}' has no entity region '{name}' of {typeof(TActor).Name}.");

    /// <summary>Stops <paramref name="actor"/> after its current message; completes when its post-stop hook has run.</summary>
    public Task StopActorAsync(IActorRef actor)
    {
        if (actor is not ActorCell cell)
        {
            throw new ArgumentException("Not an actor of this runtime.", nameof(actor));
        }

        cell.Stop("stopped");
        return cell.TerminationTask;
    }

    /// <summary>Completes when <paramref name="actor"/> has stopped (by request, or after repeated failure).</summary>
    public Task WhenTerminated(IActorRef actor) =>
        actor is ActorCell cell ? cell.TerminationTask : throw new ArgumentException("Not an actor of this runtime.", nameof(actor));

    /// <summary>Calls <paramref name="subscriber"/> for every dead letter until the result is disposed.</summary>
    public IDisposable SubscribeDeadLetters(Action<DeadLetter> subscriber) => DeadLetters.Subscribe(subscriber);

    internal void OnCellStopped(ActorCell cell) => _actors.TryRemove(KeyValuePair.Create(cell.Name, cell));

    private void ThrowIfShuttingDown()
    {
        if (IsShuttingDown)
        {
            throw new InvalidOperationException($"Actor system '{Name}' is shutting down.");
        }
    }

    private sealed class EmptyServiceProvider : IServiceProvider
    {
        public static readonly EmptyServiceProvider Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
