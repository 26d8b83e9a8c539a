using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace Orders.Messaging.Entities.Internal;

/// <summary>
/// The parent of one entity type (the child-per-entity pattern of the Akka.NET samples, in one
/// process): the extractor names the entity of each message; the parent creates that child on its
/// first message and hands it each message with whom to answer (<see cref="EntityDelivery"/>: the child
/// answers the Ask directly).
/// Akka.Cluster.Sharding's shard region could take its place without touching the children.
/// <para>
/// Passivation never loses a message: a child the parent forwarded nothing to for <see cref="EntityRegionOptions.PassivateAfter"/>
/// is stopped by the parent's one sweep timer (or the least recently used ones are stopped beyond
/// <see cref="EntityRegionOptions.MaxLiveEntities"/>); the parent sends it a PoisonPill behind what it already
/// forwarded, and buffers what arrives for that entity until the child's Terminated, then creates the
/// child again and hands it the buffer in order.
/// </para>
/// <para>
/// Idle time is kept here, not in the child: a ReceiveTimeout per child holds a scheduler registration
/// per idle actor and is rescheduled on every message. The live children form a list in the order of
/// their last message (least recent first), so a sweep stops the idle ones from its front and stops at
/// the first that is not idle; an entity is passivated between one and one and a half times
/// <see cref="EntityRegionOptions.PassivateAfter"/> after its last message. The list is linked through the
/// entries themselves (no node object per child); docs/benchmarks.md has what each part costs.
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
internal sealed partial class EntityParent : UntypedActor, IWithTimers
{
    private readonly EntityRuntime _runtime;
    private readonly Props _childProps;
    private readonly SupervisorStrategy _strategy;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private readonly Dictionary<string, DateTimeOffset> _stoppedUntil = new(StringComparer.Ordinal);
    private bool _stopping;

    // Live children that are not stopping, linked through Entry.Previous/Next, least recently used first.
    private Entry? _leastRecent;
    private Entry? _mostRecent;
    private int _live;

    public EntityParent(EntityRuntime runtime, Props childProps)
    {
        _runtime = runtime;
        _childProps = childProps;
        _strategy = Strategy(runtime.Options);
    }

    private EntityRegionOptions Options => _runtime.Options;

    private ILogger Logger => _runtime.Logger;

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    // The scheduler's clock, so that a test scheduler can move it.
    private TimeSpan Now => Context.System.Scheduler.MonotonicClock;

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
    protected override void PreStart()
    {
        if (Options.PassivateAfter is { } idle)
        {
            Timers.StartPeriodicTimer(PassivationSweep.Instance, PassivationSweep.Instance, SweepInterval(idle));
        }
    }

    /// <summary>Half the idle time, as Akka.Cluster.Sharding's idle passivation checks.</summary>
    internal static TimeSpan SweepInterval(TimeSpan passivateAfter) => passivateAfter / 2;

    /// <inheritdoc />
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case PassivationSweep:
                OnSweep();
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
                (entry.Buffer ??= []).Add(new EntityDelivery(message, sender));
                return;
            }

            Unlink(entry);
            Append(entry);
            entry.Child.Tell(new EntityDelivery(message, sender), ActorRefs.NoSender);
            return;
        }

        if (_stopping || IsStopped(entityId))
        {
            Refuse(sender, entityId);
            return;
        }

        Start(entityId).Child.Tell(new EntityDelivery(message, sender), ActorRefs.NoSender);
        while (Options.MaxLiveEntities is { } max && _live > max)
        {
            var leastRecent = _leastRecent!;
            LogEvicted(Logger, _runtime.RegionName, leastRecent.EntityId, max);
            BeginStop(leastRecent);
        }
    }

    private Entry Start(string entityId)
    {
        var child = Context.ActorOf(_childProps, Uri.EscapeDataString(entityId));
        Context.Watch(child);
        var entry = new Entry(entityId, child);
        Append(entry);
        _entries[entityId] = entry;
        return entry;
    }

    private void OnSweep()
    {
        if (Options.PassivateAfter is not { } idle)
        {
            return;
        }

        // The list is in last-message order: everything behind the first busy entry is busier still.
        var lastMessageBefore = Now - idle;
        while (_leastRecent is { } entry && entry.LastMessage <= lastMessageBefore)
        {
            LogPassivating(Logger, _runtime.RegionName, entry.EntityId);
            BeginStop(entry);
        }
    }

    private void Append(Entry entry)
    {
        entry.LastMessage = Now;
        entry.Previous = _mostRecent;
        entry.Next = null;
        if (_mostRecent is null)
        {
            _leastRecent = entry;
        }
        else
        {
            _mostRecent.Next = entry;
        }

        _mostRecent = entry;
        _live++;
    }

    private void Unlink(Entry entry)
    {
        if (entry.Previous is null)
        {
            _leastRecent = entry.Next;
        }
        else
        {
            entry.Previous.Next = entry.Next;
        }

        if (entry.Next is null)
        {
            _mostRecent = entry.Previous;
        }
        else
        {
            entry.Next.Previous = entry.Previous;
        }

        entry.Previous = null;
        entry.Next = null;
        _live--;
    }

    /// <summary>The PoisonPill queues behind every message already forwarded, so those are still handled.</summary>
    private void BeginStop(Entry entry)
    {
        entry.Stopping = true;
        Unlink(entry);
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
            Unlink(entry);
            _stoppedUntil[entityId] = DateTimeOffset.UtcNow + Options.RestartWindow;
            LogStoppedAfterFailures(Logger, _runtime.RegionName, entityId, Options.RestartWindow);
        }
        else if (entry.Buffer is { Count: > 0 } buffer)
        {
            // Messages that came while it stopped: a new incarnation takes them, in arrival order.
            var next = Start(entityId);
            foreach (var delivery in buffer)
            {
                next.Child.Tell(delivery, ActorRefs.NoSender);
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

        /// <summary>When the parent last forwarded to it (the scheduler's monotonic clock).</summary>
        public TimeSpan LastMessage { get; set; }

        public Entry? Previous { get; set; }

        public Entry? Next { get; set; }

        public bool Stopping { get; set; }

        public List<EntityDelivery>? Buffer { get; set; }
    }
}
