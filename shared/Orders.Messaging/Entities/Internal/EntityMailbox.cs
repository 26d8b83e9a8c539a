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
/// An unbounded multi-producer, single-consumer queue of linked nodes (the intrusive MPSC queue
/// described by Dmitry Vyukov): empty, it holds one node, so an idle entity's queue costs two small
/// objects instead of a 32-slot segment; busy, it allocates one node per message. Akka guarantees a
/// single consumer (the mailbox runs on one thread at a time); any thread may enqueue.
/// <para>
/// A producer between its exchange and its link makes the queue look empty for that moment; that is
/// safe because the producer schedules the mailbox after linking (fenced, see <see cref="Enqueue"/>),
/// and the mailbox checks <see cref="HasMessages"/> again after its status CAS sets it idle.
/// </para>
/// </summary>
internal sealed class EntityMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    // The consumer's node: already dequeued (its envelope cleared); the next message is its Next.
    private Node _tail;

    // The producers' node: the last one enqueued.
    private Node _head;

    public EntityMessageQueue()
    {
        var stub = new Node(default);
        _tail = stub;
        _head = stub;
    }

    public bool HasMessages => Volatile.Read(ref Volatile.Read(ref _tail).Next) is not null;

    /// <summary>Walks the queue: Akka reads it only for diagnostics.</summary>
    public int Count
    {
        get
        {
            var count = 0;
            for (var node = Volatile.Read(ref Volatile.Read(ref _tail).Next); node is not null; node = Volatile.Read(ref node.Next))
            {
                count++;
            }

            return count;
        }
    }

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        var node = new Node(envelope);
        var previous = Interlocked.Exchange(ref _head, node);

        // A full fence, not a release store: the dispatcher reads the mailbox status next, and with a
        // release store that read can pass this write (x64 too), see a run about to go idle, skip
        // scheduling, while that run's last HasMessages misses the node: a lost wake-up (seen in the
        // benchmark as an Ask that never returned).
        Interlocked.Exchange(ref previous.Next, node);
    }

    public bool TryDequeue(out Envelope envelope)
    {
        var tail = _tail;
        var next = Volatile.Read(ref tail.Next);
        if (next is null)
        {
            envelope = default;
            return false;
        }

        envelope = next.Envelope;

        // The dequeued node becomes the stub; clearing it keeps an idle entity from holding its last message alive.
        next.Envelope = default;
        Volatile.Write(ref _tail, next);
        return true;
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
        public Node? Next;

        public Envelope Envelope = envelope;
    }
}
