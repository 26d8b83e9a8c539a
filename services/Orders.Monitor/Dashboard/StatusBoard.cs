using Orders.Contracts;

namespace Orders.Monitor.Dashboard;

/// <summary>
/// The latest status of every order seen on ORDERS, and the counts per status derived from it.
/// Version-aware: an event only moves an order forward (a redelivered or replayed older event
/// changes nothing), so the counts are right whatever the order of arrival.
/// This is the one structure that grows with the number of orders (about 100 bytes each, i.e.
/// ~100 MB per million orders); the streams' 7-day max age bounds it in practice.
/// Not thread-safe (<see cref="DashboardState"/> locks).
/// </summary>
internal sealed class StatusBoard
{
    private readonly Dictionary<string, (int Version, OrderStatus Status)> _latest = new(StringComparer.Ordinal);
    private readonly long[] _counts = new long[Enum.GetValues<OrderStatus>().Length];

    public int OrderCount => _latest.Count;

    /// <summary>Records that <paramref name="orderId"/> reached <paramref name="status"/> at <paramref name="version"/>; false when it already was at that version or later.</summary>
    public bool Apply(string orderId, int version, OrderStatus status)
    {
        if (_latest.TryGetValue(orderId, out var current))
        {
            if (version <= current.Version)
            {
                return false;
            }

            _counts[(int)current.Status]--;
        }

        _latest[orderId] = (version, status);
        _counts[(int)status]++;
        return true;
    }

    public (int Version, OrderStatus Status)? Find(string orderId) =>
        _latest.TryGetValue(orderId, out var current) ? current : null;

    /// <summary>Every status with its count (zeros included), in lifecycle order.</summary>
    public Dictionary<string, long> Counts() =>
        Enum.GetValues<OrderStatus>().ToDictionary(s => s.ToString(), s => _counts[(int)s]);
}
