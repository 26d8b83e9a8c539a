using Orders.Monitor.Watching;

namespace Orders.Monitor.Dashboard;

/// <summary>The last <c>capacity</c> events, in a ring: adding is O(1), the oldest falls out. Not thread-safe (<see cref="DashboardState"/> locks).</summary>
internal sealed class RecentEvents(int capacity)
{
    private readonly MonitorEvent[] _ring = new MonitorEvent[Math.Max(1, capacity)];
    private int _next;
    private int _count;

    public int Count => _count;

    public void Add(MonitorEvent monitorEvent)
    {
        _ring[_next] = monitorEvent;
        _next = (_next + 1) % _ring.Length;
        _count = Math.Min(_count + 1, _ring.Length);
    }

    /// <summary>Oldest first.</summary>
    public MonitorEvent[] ToArray()
    {
        var result = new MonitorEvent[_count];
        var start = (_next - _count + _ring.Length) % _ring.Length;
        for (var i = 0; i < _count; i++)
        {
            result[i] = _ring[(start + i) % _ring.Length];
        }

        return result;
    }
}
