namespace Orders.Actors.Internal;

/// <summary>
/// A bounded ring of envelope slots: one link of a <see cref="MailboxQueue"/>. Producers reserve a
/// position with a compare-and-swap on <c>_tail</c>; the single consumer reads at <c>_head</c>. Each
/// slot carries a sequence number saying whose turn it is (the producer of position p waits for p,
/// the consumer for p + 1, and the consumer hands the slot on to position p + capacity), so a ring
/// that the consumer keeps up with is reused for ever and allocates nothing per message.
/// </summary>
/// <remarks>
/// Positions only grow (64 bits: they never wrap), so a producer holding a stale view of the ring
/// can only fail its compare-and-swap, never write into a slot it does not own. A segment is
/// <em>frozen</em> when no further position may be reserved: because it filled up (a larger segment
/// is linked behind it) or because the consumer released it empty (<see cref="Next"/> is then
/// <see cref="Released"/> and nothing ever follows it).
/// </remarks>
internal sealed class MailboxSegment
{
    /// <summary>Small, because an actor that gets one message at a time never needs more.</summary>
    public const int InitialCapacity = 4;

    /// <summary>24 B slots: 48 KB, below the large-object heap.</summary>
    public const int MaxCapacity = 2048;

    private const long Frozen = 1L << 62;

    /// <summary>Marks <see cref="Next"/> of a segment its consumer let go of.</summary>
    public static readonly MailboxSegment Released = new(1);

    private readonly Slot[] _slots;
    private readonly int _mask;
    private long _tail; // next position to reserve, plus the Frozen bit
    private long _head; // next position to read; written by the consumer only

    /// <summary>The segment after this one; null while this is the last; <see cref="Released"/> when let go.</summary>
    public MailboxSegment? Next;

    private MailboxSegment(int capacity)
    {
        _slots = new Slot[capacity];
        _mask = capacity - 1;
        for (var i = 0; i < capacity; i++)
        {
            _slots[i].Sequence = i;
        }
    }

    /// <summary>A new segment that already holds its first envelope, ready to be published.</summary>
    public static MailboxSegment StartingWith(in Envelope envelope, int capacity)
    {
        var segment = new MailboxSegment(capacity);
        segment._slots[0].Envelope = envelope;
        segment._slots[0].Sequence = 1;
        segment._tail = 1;
        return segment;
    }

    public int Capacity => _slots.Length;

    /// <summary>Messages reserved and not yet read; for metrics, approximate while messages flow.</summary>
    public long Count => Math.Max(0, (Volatile.Read(ref _tail) & ~Frozen) - Volatile.Read(ref _head));

    /// <summary>Every reserved position has been read (a reserved slot still being written counts as unread).</summary>
    public bool IsDrained => (Volatile.Read(ref _tail) & ~Frozen) == Volatile.Read(ref _head);

    /// <summary>Reserves the next position and writes the envelope; false once the segment is frozen or full.</summary>
    public bool TryEnqueue(in Envelope envelope)
    {
        while (true)
        {
            var tail = Volatile.Read(ref _tail);
            if ((tail & Frozen) != 0)
            {
                return false;
            }

            ref var slot = ref _slots[(int)tail & _mask];
            var turn = Volatile.Read(ref slot.Sequence) - tail;
            if (turn == 0)
            {
                if (Interlocked.CompareExchange(ref _tail, tail + 1, tail) == tail)
                {
                    slot.Envelope = envelope;
                    Volatile.Write(ref slot.Sequence, tail + 1);
                    return true;
                }
            }
            else if (turn < 0)
            {
                // Full: the consumer has not read this slot's previous lap. Freeze, so that no producer
                // slips in here once the consumer makes room while later messages already sit in the
                // next segment (that would break FIFO, and the consumer would never come back for it).
                Interlocked.Or(ref _tail, Frozen);
                return false;
            }

            // turn > 0: another producer took this position first; reload.
        }
    }

    /// <summary>Consumer only. False when the next position is empty or reserved but not written yet.</summary>
    public bool TryDequeue(out Envelope envelope)
    {
        var head = _head;
        ref var slot = ref _slots[(int)head & _mask];
        if (Volatile.Read(ref slot.Sequence) != head + 1)
        {
            envelope = default;
            return false;
        }

        envelope = slot.Envelope;
        slot.Envelope = default; // the message must not outlive its handling
        Volatile.Write(ref slot.Sequence, head + _slots.Length);
        Volatile.Write(ref _head, head + 1);
        return true;
    }

    /// <summary>Consumer only: frozen and fully read, so whatever comes next is in <see cref="Next"/>.</summary>
    public bool IsFinished => Volatile.Read(ref _tail) == (_head | Frozen);

    /// <summary>Links the segment that follows; false if another producer (or the consumer's release) was first.</summary>
    public bool TryLink(MailboxSegment next) => Interlocked.CompareExchange(ref Next, next, null) is null;

    /// <summary>
    /// Consumer only: if nothing is reserved, freezes the segment and marks it <see cref="Released"/>,
    /// after which no producer can add to it or link behind it.
    /// </summary>
    public bool TryRelease()
    {
        var head = _head;
        var tail = Volatile.Read(ref _tail);
        if (tail != head && tail != (head | Frozen))
        {
            return false; // not empty
        }

        if (tail == head && Interlocked.CompareExchange(ref _tail, head | Frozen, head) != head)
        {
            return false; // a producer reserved a position just now
        }

        return TryLink(Released);
    }

    private struct Slot
    {
        public Envelope Envelope;
        public long Sequence;
    }
}
