namespace Orders.Actors.Internal;

/// <summary>
/// Multi-producer, single-consumer linked queue (Vyukov's design): a producer swaps itself in as the
/// head with one atomic exchange and then links the previous head to itself; the single consumer
/// walks from the stub. Costs two references and a stub node per idle actor, versus ~1 KB for an empty
/// ConcurrentQueue, which is what lets a million idle actors stay small.
/// </summary>
/// <remarks>
/// Between a producer's exchange and its link the queue looks empty to the consumer; that producer then
/// schedules the mailbox itself, so nothing is stranded. Lives as a mutable field of its cell: never copy it.
/// </remarks>
internal struct MailboxQueue
{
    private Envelope _head; // where producers append
    private Envelope _tail; // the stub: last consumed node

    public MailboxQueue()
    {
        _head = _tail = new Envelope(null, null);
    }

    /// <summary>
    /// No producer has appended anything not yet consumed (reads the head, which producers swap with a
    /// full fence, so a message being linked already counts).
    /// </summary>
    public bool IsEmpty => Volatile.Read(ref _tail.Next) is null && ReferenceEquals(Volatile.Read(ref _head), _tail);

    /// <summary>Walks the visible part of the queue; for metrics only (may run beside the consumer).</summary>
    public int Count()
    {
        var count = 0;
        for (var node = Volatile.Read(ref _tail).Next; node is not null; node = Volatile.Read(ref node.Next))
        {
            count++;
        }

        return count;
    }

    public void Enqueue(Envelope envelope)
    {
        var previous = Interlocked.Exchange(ref _head, envelope);
        Volatile.Write(ref previous.Next, envelope);
    }

    public bool TryDequeue(out object message, out IActorRef? sender)
    {
        var next = Volatile.Read(ref _tail.Next);
        if (next is null)
        {
            message = null!;
            sender = null;
            return false;
        }

        message = next.Message!;
        sender = next.Sender;
        next.Message = null;
        next.Sender = null;
        _tail = next;
        return true;
    }
}
