using System.Runtime.CompilerServices;

namespace Orders.Actors.Internal;

/// <summary>
/// Multi-producer, single-consumer queue of envelopes: a chain of <see cref="MailboxSegment"/> rings.
/// A Tell reserves a slot with one compare-and-swap and copies the envelope into it, so a busy actor
/// allocates nothing per message. The first ring is small and each new one is twice as large, up to
/// <see cref="MailboxSegment.MaxCapacity"/>; a ring the consumer keeps up with is reused.
/// </summary>
/// <remarks>
/// <para>
/// An idle actor holds no segment: when a run leaves the queue empty, the consumer releases the
/// segment (<see cref="ReleaseIfEmpty"/>) and the next message starts a fresh one. That keeps a
/// million idle actors at two null references each, where an empty ConcurrentQueue costs ~1 KB.
/// </para>
/// <para>
/// A message whose slot is reserved but not yet written looks absent to the consumer, yet counts in
/// <see cref="IsEmpty"/>. Its producer schedules the mailbox after writing, so nothing is stranded.
/// Lives as a mutable field of its cell: never copy it.
/// </para>
/// </remarks>
internal struct MailboxQueue
{
    private MailboxSegment? _head; // the consumer's segment; set by a producer only when null
    private MailboxSegment? _tail; // where producers append; may lag behind _head's chain for a moment

    /// <summary>
    /// Nothing is reserved that the consumer has not read. Reads the reservation counters, which
    /// producers advance with a full fence, so a message still being written already counts.
    /// </summary>
    public readonly bool IsEmpty
    {
        get
        {
            for (var segment = Volatile.Read(in _head); segment is not null; segment = Volatile.Read(ref segment.Next))
            {
                if (!segment.IsDrained)
                {
                    return false;
                }

                if (ReferenceEquals(Volatile.Read(ref segment.Next), MailboxSegment.Released))
                {
                    return true;
                }
            }

            return true;
        }
    }

    /// <summary>Approximate number of queued messages; for metrics only (may run beside the consumer).</summary>
    public readonly int Count()
    {
        long count = 0;
        for (var segment = Volatile.Read(in _head); segment is not null && !ReferenceEquals(segment, MailboxSegment.Released); segment = Volatile.Read(ref segment.Next))
        {
            count += segment.Count;
        }

        return (int)Math.Min(count, int.MaxValue);
    }

    public void Enqueue(in Envelope envelope)
    {
        var tail = Volatile.Read(ref _tail);
        if (tail is null || !tail.TryEnqueue(envelope))
        {
            EnqueueSlow(envelope);
        }
    }

    /// <summary>The first message after idle, a full ring, or a race with either.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EnqueueSlow(in Envelope envelope)
    {
        var spin = new SpinWait();
        while (true)
        {
            var tail = Volatile.Read(ref _tail);
            if (tail is null)
            {
                var head = Volatile.Read(ref _head);
                if (head is null)
                {
                    var first = MailboxSegment.StartingWith(envelope, MailboxSegment.InitialCapacity);
                    if (Interlocked.CompareExchange(ref _head, first, null) is null)
                    {
                        Interlocked.CompareExchange(ref _tail, first, null);
                        return;
                    }
                }
                else
                {
                    // Another producer has started a segment and not yet published it as the tail: help.
                    Interlocked.CompareExchange(ref _tail, head, null);
                    spin.SpinOnce(sleep1Threshold: -1);
                }

                continue;
            }

            if (tail.TryEnqueue(envelope))
            {
                return;
            }

            var next = Volatile.Read(ref tail.Next);
            if (next is null)
            {
                var grown = MailboxSegment.StartingWith(envelope, Math.Min(tail.Capacity * 2, MailboxSegment.MaxCapacity));
                if (tail.TryLink(grown))
                {
                    Interlocked.CompareExchange(ref _tail, grown, tail);
                    return;
                }
            }
            else if (ReferenceEquals(next, MailboxSegment.Released))
            {
                // The consumer let this segment go; once it has also cleared its head, the next
                // attempt starts a new segment.
                Interlocked.CompareExchange(ref _tail, null, tail);
                spin.SpinOnce(sleep1Threshold: -1);
            }
            else
            {
                Interlocked.CompareExchange(ref _tail, next, tail);
            }
        }
    }

    /// <summary>Consumer only.</summary>
    public bool TryDequeue(out Envelope envelope)
    {
        var segment = Volatile.Read(ref _head);
        while (segment is not null)
        {
            if (segment.TryDequeue(out envelope))
            {
                return true;
            }

            if (!segment.IsFinished)
            {
                break; // empty, or the next message is still being written
            }

            var next = Volatile.Read(ref segment.Next);
            if (next is null || ReferenceEquals(next, MailboxSegment.Released))
            {
                break; // a producer is linking the next segment and will schedule us
            }

            Volatile.Write(ref _head, next);
            segment = next;
        }

        envelope = default;
        return false;
    }

    /// <summary>
    /// Consumer only, at the end of a run: lets go of the segment if the queue is empty, so an idle
    /// actor holds none. Freezing it first means no producer can still add to it afterwards.
    /// </summary>
    public void ReleaseIfEmpty()
    {
        var segment = _head;
        if (segment is null || !segment.TryRelease())
        {
            return;
        }

        // Clear the head first: a producer starts a new segment only once it sees the head empty.
        Volatile.Write(ref _head, null);
        var tail = Interlocked.CompareExchange(ref _tail, null, segment);
        if (tail is not null && !ReferenceEquals(tail, segment) && ReferenceEquals(Volatile.Read(ref tail.Next), MailboxSegment.Released))
        {
            // A producer that helped late can have parked an older released segment here.
            Interlocked.CompareExchange(ref _tail, null, tail);
        }
    }
}
