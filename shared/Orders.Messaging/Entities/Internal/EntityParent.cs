using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace Orders.Messaging.Entities.Internal;

/// <summary>
/// The parent of one entity type (the child-per-entity pattern of the Akka.NET samples, in one
/// process): the extractor names the entity of each message; the parent creates that child on its
/// first message and forwards (the sender stays the asker, so the child answers the Ask directly).
/// Akka.Cluster.Sharding's shard region could take its place without touching the children.
/// <para>
/// Passivation never loses a message: a child that was idle for <see cref="EntityRegionOptions.PassivateAfter"/>
/// asks to stop (or the least recently used ones are stopped beyond <see cref="EntityRegionOptions.MaxLiveEntities"/>);
/// the parent sends it a PoisonPill behind what it already forwarded, and buffers what arrives for that
/// entity until the child's Terminated, then creates the child again and hands it the buffer in order.
/// </para>
/// <para>
/// Supervision (<see cref="Strategy"/>): a child whose constructor fails is stopped (a wiring bug;
/// restarting would fail the same way). Any other failure restarts it: fresh state, its mailbox kept, and
/// its next message waits out a back-off (<see cref="EntityRegionOptions.RestartBackoffFor"/>). The
/// <see cref="EntityRegionOptions.MaxRestarts"/>-th restart within <see cref="EntityRegionOptions.RestartWindow"/>
/// stops it instead; messages for a stopped entity are refused with <see cref="EntityUnavailableException"/>
/// for one window (the pipeline naks them; JetStream keeps them). A failure never escalates: siblings
/// and the parent are untouched.
/// </para>
/// </summary>
internal sealed partial class EntityParent : UntypedActor
{
    private readonly EntityRuntime _runtime;
    private readonly Props _childProps;
    private readonly SupervisorStrategy _strategy;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    // Live children that are not stopping, least recently used first.
    private readonly LinkedList<Entry> _recent = new();
    private readonly Dictionary<string, DateTimeOffset> _stoppedUntil = new(StringComparer.Ordinal);
    private bool _stopping;

    public EntityParent(EntityRuntime runtime, Props childProps)
    {
        _runtime = runtime;
        _childProps = childProps;
        _strategy = Strategy(runtime.Options);
    }

    private EntityRegionOptions Options => _runtime.Options;

    private ILogger Logger => _runtime.Logger;

    public static Props Props(EntityRuntime runtime, Props childProps) =>
        Akka.Actor.Props.Create(() => new EntityParent(runtime, childProps));

    /// <summary>What restarts and what stops; see the class remarks.</summary>
    public static SupervisorStrategy Strategy(EntityRegionOptions options) => new OneForOneStrategy(
        options.MaxRestarts,
        options.RestartWindow,
        failure => failure is ActorInitializationException ? Directive.Stop : Directive.Restart);

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() => _strategy;

    /// <inheritdoc />
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Passivate:
                OnPassivate(Sender);
                return;
            case Terminated terminated:
                OnTerminated(terminated.ActorRef);
                return;
            case StopEntities:
                OnStopEntities();
                return;
        }

        if (Options.Extractor.EntityId(message) is not { } entityId)
        {
            Unhandled(message);
            return;
        }

        Deliver(entityId, Options.Extractor.EntityMessage(message), Sender);
    }

    private void Deliver(string entityId, object message, IActorRef sender)
    {
        if (_entries.TryGetValue(entityId, out var entry))
        {
            if (entry.Stopping)
            {
                (entry.Buffer ??= []).Add((message, sender));
                return;
            }

            _recent.Remove(entry.Recent);
            _recent.AddLast(entry.Recent);
            entry.Child.Tell(message, sender);
            return;
        }

        if (_stopping || IsStopped(entityId))
        {
            Refuse(sender, entityId);
            return;
        }

        Start(entityId).Child.Tell(message, sender);
        while (Options.MaxLiveEntities is { } max && _recent.Count > max)
        {
            var leastRecent = _recent.First!.Value;
            LogEvicted(Logger, _runtime.RegionName, leastRecent.EntityId, max);
            BeginStop(leastRecent);
        }
    }

    private Entry Start(string entityId)
    {
        var child = Context.ActorOf(_childProps, Uri.EscapeDataString(entityId));
        Context.Watch(child);
        var entry = new Entry(entityId, child);
        entry.Recent = _recent.AddLast(entry);
        _entries[entityId] = entry;
        return entry;
    }

    private void OnPassivate(IActorRef child)
    {
        if (_entries.TryGetValue(EntityIdOf(child), out var entry) && entry.Child.Equals(child) && !entry.Stopping)
        {
            LogPassivating(Logger, _runtime.RegionName, entry.EntityId);
            BeginStop(entry);
        }
    }

    /// <summary>The PoisonPill queues behind every message already forwarded, so those are still handled.</summary>
    private void BeginStop(Entry entry)
    {
        entry.Stopping = true;
        _recent.Remove(entry.Recent);
        entry.Child.Tell(PoisonPill.Instance);
    }

    private void OnTerminated(IActorRef child)
    {
        var entityId = EntityIdOf(child);
        if (!_entries.TryGetValue(entityId, out var entry) || !entry.Child.Equals(child))
        {
            return;
        }

        _entries.Remove(entityId);
        if (!entry.Stopping)
        {
            // Not asked to stop: its supervision stopped it (constructor failed, or restarted too often).
            _recent.Remove(entry.Recent);
            _stoppedUntil[entityId] = DateTimeOffset.UtcNow + Options.RestartWindow;
            LogStoppedAfterFailures(Logger, _runtime.RegionName, entityId, Options.RestartWindow);
        }
        else if (entry.Buffer is { Count: > 0 } buffer)
        {
            // Messages that came while it stopped: a new incarnation takes them, in arrival order.
            var next = Start(entityId);
            foreach (var (message, sender) in buffer)
            {
                next.Child.Tell(message, sender);
            }

            if (_stopping)
            {
                BeginStop(next);
            }
        }

        if (_stopping && _entries.Count == 0)
        {
            Context.Stop(Self);
        }
    }

    private void OnStopEntities()
    {
        _stopping = true;
        foreach (var entry in _entries.Values.Where(e => !e.Stopping).ToList())
        {
            BeginStop(entry);
        }

        if (_entries.Count == 0)
        {
            Context.Stop(Self);
        }
    }

    private bool IsStopped(string entityId)
    {
        if (!_stoppedUntil.TryGetValue(entityId, out var until))
        {
            return false;
        }

        if (DateTimeOffset.UtcNow < until)
        {
            return true;
        }

        _stoppedUntil.Remove(entityId);
        return false;
    }

    private void Refuse(IActorRef sender, string entityId)
    {
        var why = _stopping ? "the actor system is stopping" : "it was stopped after repeated failures";
        sender.Tell(new Status.Failure(new EntityUnavailableException($"{_runtime.RegionName} {entityId} is unavailable: {why}.")));
    }

    private static string EntityIdOf(IActorRef child) => Uri.UnescapeDataString(child.Path.Name);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Region} {EntityId}: idle, passivating")]
    private static partial void LogPassivating(ILogger logger, string region, string entityId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Region} {EntityId}: passivated, more than {MaxLiveEntities} live")]
    private static partial void LogEvicted(ILogger logger, string region, string entityId, int maxLiveEntities);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Region} {EntityId}: stopped by supervision; its messages are refused for {Window}")]
    private static partial void LogStoppedAfterFailures(ILogger logger, string region, string entityId, TimeSpan window);

    private sealed class Entry(string entityId, IActorRef child)
    {
        public string EntityId { get; } = entityId;

        public IActorRef Child { get; } = child;

        public LinkedListNode<Entry> Recent { get; set; } = null!;

        public bool Stopping { get; set; }

        public List<(object Message, IActorRef Sender)>? Buffer { get; set; }
    }
}
