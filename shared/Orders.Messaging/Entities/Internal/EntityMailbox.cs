using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Orders.Messaging.Entities.Internal;

/// <summary>
/// The mailbox of every entity child (registered in HOCON under <see cref="ConfigPath"/> by
/// <see cref="EntityHostingExtensions.WithEntityRegions"/>). Akka's default unbounded mailbox keeps a
/// <c>ConcurrentQueue</c> whose first segment (32 slots of 24 bytes) stays allocated for the actor's
/// life, about 0.9 KB for an actor that is idle nearly all the time; see docs/benchmarks.md.
/// </summary>
internal sealed class EntityMailboxType(Settings settings, Config config)
    : MailboxType(settings, config), IProducesMessageQueue<EntityMessageQueue>
{
    public const string ConfigPath = "orders-entity-mailbox";

    /// <summary>The HOCON that names this type; Akka instantiates it by reflection.</summary>
    public static string Hocon =>
        $"{ConfigPath}.mailbox-type = \"{typeof(EntityMailboxType).FullName}, {typeof(EntityMailboxType).Assembly.GetName().Name}\"";

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new EntityMessageQueue();
}

/// <summary>
/// An unbounded queue of linked nodes under a lock: empty, it is one object with two null
/// references and a count, so an idle entity's queue costs 40 bytes instead of a 32-slot segment; busy, it
/// allocates one node per message. The lock (on the queue itself: it is never handed to code that
/// could lock it too) makes every operation a full fence, which the dispatcher's lock-free scheduling
/// relies on (a producer's enqueue must be visible before it reads the mailbox status, or a run going
/// idle and the producer can both decide not to schedule). A lock-free linked queue with a release
/// store for the link lost such wake-ups in the benchmark; an entity's mailbox has one producer most
/// of the time (its parent), so the lock is nearly never contended.
/// </summary>
internal sealed class EntityMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private Node? _first;
    private Node? _last;
    private int _count;

    public bool HasMessages
    {
        get
        {
            lock (this)
            {
                return _first is not null;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (this)
            {
                return _count;
            }
        }
    }

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        var node = new Node(envelope);
        lock (this)
        {
            if (_last is null)
            {
                _first = node;
            }
            else
            {
                _last.Next = node;
            }

            _last = node;
            _count++;
        }
    }

    public bool TryDequeue(out Envelope envelope)
    {
        lock (this)
        {
            if (_first is not { } first)
            {
                envelope = default;
                return false;
            }

            _first = first.Next;
            if (_first is null)
            {
                _last = null;
            }

            _count--;
            envelope = first.Envelope;
            return true;
        }
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope))
        {
            deadletters.Enqueue(owner, envelope);
        }
    }

    private sealed class Node(Envelope envelope)
    {
        public Node? Next { get; set; }

        public Envelope Envelope { get; } = envelope;
    }
}
