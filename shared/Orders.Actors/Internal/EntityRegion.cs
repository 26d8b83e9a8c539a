using System.Collections.Concurrent;
using Orders.Actors.Entities;

namespace Orders.Actors.Internal;

/// <summary>
/// Region implementation: a concurrent map from entity id to the cell of its current incarnation.
/// Routing is lock-free (a map lookup and a post); creation, passivation and eviction are split into
/// partial files by concern.
/// </summary>
internal partial class EntityRegion : IEntityRegion
{
    private readonly ActorSystem _system;
    private readonly ActorProps _props;
    private readonly ConcurrentDictionary<string, ActorCell> _entities = new(StringComparer.Ordinal);

    // Incarnations still stopping, by id: the next incarnation starts only after the previous one's
    // post-stop finished, so one entity never has two live incarnations.
    private readonly ConcurrentDictionary<string, Task> _stopping = new(StringComparer.Ordinal);
    private int _live;
    private volatile bool _closed;

    public EntityRegion(ActorSystem system, string name, EntityRegionOptions options, ActorProps props)
    {
        _system = system;
        _props = props;
        Name = name;
        Options = options;
        StartPassivationSweeps();
    }

    public string Name { get; }

    public EntityRegionOptions Options { get; }

    public int LiveEntities => Volatile.Read(ref _live);

    public long MailboxMessages
    {
        get
        {
            long total = 0;
            foreach (var (_, cell) in _entities)
            {
                total += cell.QueuedMessages;
            }

            return total;
        }
    }

    public void Tell(string entityId, object message, IActorRef? sender = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityId);
        ArgumentNullException.ThrowIfNull(message);
        Route(entityId, message, sender);
    }

    public ValueTask<TReply> AskAsync<TReply>(string entityId, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityId);
        ArgumentNullException.ThrowIfNull(message);
        var promise = new AskPromise<TReply>(_system, PathOf(entityId), message, timeout, cancellationToken);
        Route(entityId, message, promise);
        return new ValueTask<TReply>(promise.Task);
    }

    /// <summary>
    /// Delivers to the entity's current incarnation, creating it if there is none. A post refused by a
    /// closing incarnation is retried: the closer removes it from the map right after closing.
    /// </summary>
    public void Route(string entityId, object message, IActorRef? sender)
    {
        var spin = new SpinWait();
        while (true)
        {
            if (_closed)
            {
                _system.DeadLetters.Publish(message, sender, PathOf(entityId), "the actor system is shutting down");
                return;
            }

            if (!_entities.TryGetValue(entityId, out var cell))
            {
                cell = Activate(entityId);
            }

            if (cell.TryPostToEntity(message, sender))
            {
                return;
            }

            spin.SpinOnce();
        }
    }

    /// <summary>Stops every entity (system shutdown); their queued messages become dead letters.</summary>
    public void StopAll()
    {
        foreach (var (_, cell) in _entities)
        {
            cell.Stop("the actor system shut down");
        }
    }

    /// <summary>Refuses new messages and ends the sweeps; entities keep draining what they have.</summary>
    public void Close()
    {
        _closed = true;
        StopPassivationSweeps();
    }

    private ActorCell Activate(string entityId)
    {
        var fresh = new ActorCell(_system, _props, entityId, this);
        var cell = _entities.GetOrAdd(entityId, fresh);
        if (!ReferenceEquals(cell, fresh))
        {
            return cell; // another sender created it first
        }

        Interlocked.Increment(ref _live);
        _system.Metrics.RecordActivation(this);
        fresh.Start(_stopping.TryGetValue(entityId, out var predecessor) ? predecessor : null);
        if (_closed)
        {
            fresh.Stop("the actor system shut down"); // lost the race with shutdown
        }

        EvictIfOverLimit();
        return fresh;
    }

    /// <summary>Called by a cell as it stops: later messages for its id go to a new incarnation.</summary>
    public void OnEntityStopping(ActorCell cell)
    {
        _stopping[cell.Name] = cell.TerminationTask;
        if (_entities.TryRemove(KeyValuePair.Create(cell.Name, cell)))
        {
            Interlocked.Decrement(ref _live);
        }
    }

    public void OnEntityStopped(ActorCell cell) =>
        _stopping.TryRemove(KeyValuePair.Create(cell.Name, cell.TerminationTask));

    private string PathOf(string entityId) => $"{_system.Name}/region/{Name}/{entityId}";
}

/// <summary>The typed face of a region, so services inject <see cref="IEntityRegion{TActor}"/>.</summary>
internal sealed class EntityRegion<TActor>(ActorSystem system, string name, EntityRegionOptions options, ActorProps props)
    : EntityRegion(system, name, options, props), IEntityRegion<TActor>
    where TActor : EntityActor;
