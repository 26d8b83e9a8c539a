using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orders.Actors.Supervision;

namespace Orders.Actors.Internal;

/// <summary>
/// The runtime side of one actor: its mailbox, its current incarnation, supervision and lifecycle.
/// It is also the actor's <see cref="IActorRef"/> and <see cref="IActorContext"/>, which keeps an idle
/// actor to one object (its mailbox holds no segment while empty). Split by concern: Mailbox (posting and the run loop),
/// Lifecycle (create, stop, passivate), Supervision (failures and back-off).
/// </summary>
internal sealed partial class ActorCell : IActorRef, IActorContext
{
    [ThreadStatic]
    private static ActorCell? t_constructing;

    private readonly ActorSystem _system;
    private readonly ActorProps _props;
    private readonly EntityRegion? _region;
    private Actor? _actor;
    private IServiceScope? _scope;
    private IActorRef? _currentSender;

    // Rarely needed state (timers, failure history, termination signal), allocated on first use.
    private CellExtras? _extras;

    public ActorCell(ActorSystem system, ActorProps props, string name, EntityRegion? region)
    {
        _system = system;
        _props = props;
        _region = region;
        Name = name;
        _lastActive = Stopwatch.GetTimestamp();
    }

    /// <summary>The cell whose actor is being constructed on this thread; read by the <see cref="Actor"/> constructor.</summary>
    public static ActorCell? Constructing => t_constructing;

    /// <summary>The actor's name: the entity id for entities.</summary>
    public string Name { get; }

    public string Path => _region is null ? $"{_system.Name}/user/{Name}" : $"{_system.Name}/region/{_region.Name}/{Name}";

    public IActorRef Self => this;

    public IActorRef? Sender => _currentSender;

    public ActorSystem System => _system;

    public ITimerScheduler Timers => Extras.Timers ??= new ActorTimers(this);

    private CellExtras Extras =>
        Volatile.Read(ref _extras) ?? Interlocked.CompareExchange(ref _extras, new CellExtras(), null) ?? _extras!;

    private SupervisionOptions Supervision => _props.Supervision;

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        Post(message, sender);
    }

    public ValueTask<TReply> AskAsync<TReply>(object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var promise = new AskPromise<TReply>(_system, Path, message, timeout, cancellationToken);
        Post(message, promise);
        return new ValueTask<TReply>(promise.Task);
    }

    public void Reply(object reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (_currentSender is { } sender)
        {
            sender.Tell(reply, this);
        }
        else
        {
            _system.DeadLetters.Publish(reply, this, "(no sender)", "reply to a message that had no sender");
        }
    }

    public void Stop() => PostSystem(new SystemMessage(SystemMessageKind.Stop, "stopped by itself"));

    public void ReportUnhandled(object message) =>
        _system.DeadLetters.Publish(message, _currentSender, Path, $"unhandled by {_actor?.GetType().Name}");

    public override string ToString() => Path;

    /// <summary>State few cells ever need; kept out of the cell so idle actors stay small.</summary>
    private sealed class CellExtras
    {
        public ActorTimers? Timers;
        public Queue<long>? FailureTimestamps;
        public ITimer? BackoffTimer;
        public TaskCompletionSource? Terminated;
    }
}
