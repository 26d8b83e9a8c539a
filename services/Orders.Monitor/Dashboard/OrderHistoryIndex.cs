using Orders.Monitor.Watching;

namespace Orders.Monitor.Dashboard;

/// <summary>
/// Every event per order (commands, order and payment events, dead letters naming the order), for
/// the search box. Bounded twice: at most <c>maxOrders</c> orders (the least recently touched is
/// forgotten first) and at most <c>maxEventsPerOrder</c> events per order (the oldest go first).
/// Not thread-safe (<see cref="DashboardState"/> locks).
/// </summary>
internal sealed class OrderHistoryIndex(int maxOrders, int maxEventsPerOrder)
{
    private readonly Dictionary<string, LinkedListNode<Entry>> _byOrder = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new(); // most recently touched first

    public int Count => _byOrder.Count;

    public void Add(string orderId, MonitorEvent monitorEvent)
    {
        if (_byOrder.TryGetValue(orderId, out var node))
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
        }
        else
        {
            node = _recency.AddFirst(new Entry(orderId));
            _byOrder[orderId] = node;
            if (_byOrder.Count > Math.Max(1, maxOrders))
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _byOrder.Remove(oldest.Value.OrderId);
            }
        }

        var events = node.Value.Events;
        events.Enqueue(monitorEvent);
        if (events.Count > Math.Max(1, maxEventsPerOrder))
        {
            events.Dequeue();
            node.Value.Truncated = true;
        }
    }

    /// <summary>The order's events oldest first, and whether older ones were dropped; null when the order is not (or no longer) indexed.</summary>
    public (MonitorEvent[] Events, bool Truncated)? Find(string orderId) =>
        _byOrder.TryGetValue(orderId, out var node) ? ([.. node.Value.Events], node.Value.Truncated) : null;

    private sealed class Entry(string orderId)
    {
        public string OrderId { get; } = orderId;

        public Queue<MonitorEvent> Events { get; } = new();

        public bool Truncated { get; set; }
    }
}
