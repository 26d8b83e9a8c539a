using Orders.Contracts;

namespace Orders.Monitor.Dashboard;

/// <summary>
/// The latest status of the orders seen on ORDERS, and the counts per status derived from it.
/// Version-aware: an event only moves an order forward (a redelivered or replayed older event
/// changes nothing), so the counts are right whatever the order of arrival.
/// Bounded: at most <see cref="Capacity"/> orders are tracked; beyond that the least recently
/// updated one (typically long finished) is forgotten and counted in <see cref="Evicted"/>, so the
/// counts are those of the tracked orders and the monitor's memory stays flat however long it runs.
/// A forgotten order that gets a new event is tracked again from that event.
/// Not thread-safe (<see cref="DashboardState"/> locks).
/// </summary>
internal sealed class StatusBoard
{
    private readonly Dictionary<string, LinkedListNode<Entry>> _byOrder = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new(); // most recently updated first
    private readonly long[] _counts = new long[Enum.GetValues<OrderStatus>().Length];

    public StatusBoard(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>Most orders tracked at once.</summary>
    public int Capacity { get; }

    /// <summary>Orders tracked now.</summary>
    public int OrderCount => _byOrder.Count;

    /// <summary>Orders forgotten to stay within <see cref="Capacity"/>, since the start.</summary>
    public long Evicted { get; private set; }

    /// <summary>
    /// Records that <paramref name="orderId"/> reached <paramref name="status"/> at <paramref name="version"/>;
    /// false when it already was at that version or later (which does not count as an update).
    /// </summary>
    public bool Apply(string orderId, int version, OrderStatus status)
    {
        if (_byOrder.TryGetValue(orderId, out var node))
        {
            var current = node.Value;
            if (version <= current.Version)
            {
                return false;
            }

            _counts[(int)current.Status]--;
            current.Version = version;
            current.Status = status;
            _recency.Remove(node);
            _recency.AddFirst(node);
        }
        else
        {
            _byOrder[orderId] = _recency.AddFirst(new Entry(orderId, version, status));
            if (_byOrder.Count > Capacity)
            {
                EvictLeastRecentlyUpdated();
            }
        }

        _counts[(int)status]++;
        return true;
    }

    public (int Version, OrderStatus Status)? Find(string orderId) =>
        _byOrder.TryGetValue(orderId, out var node) ? (node.Value.Version, node.Value.Status) : null;

    /// <summary>Every status with its count among the tracked orders (zeros included), in lifecycle order.</summary>
    public Dictionary<string, long> Counts() =>
        Enum.GetValues<OrderStatus>().ToDictionary(s => s.ToString(), s => _counts[(int)s]);

    private void EvictLeastRecentlyUpdated()
    {
        var oldest = _recency.Last!.Value;
        _recency.RemoveLast();
        _byOrder.Remove(oldest.OrderId);
        _counts[(int)oldest.Status]--;
        Evicted++;
    }

    private sealed class Entry(string orderId, int version, OrderStatus status)
    {
        public string OrderId { get; } = orderId;

        public int Version { get; set; } = version;

        public OrderStatus Status { get; set; } = status;
    }
}
