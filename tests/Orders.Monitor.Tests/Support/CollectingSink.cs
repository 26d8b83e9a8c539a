using Orders.Monitor.Watching;
using Orders.Testing;

namespace Orders.Monitor.Tests.Support;

/// <summary>A sink that keeps every event it is given, for assertions.</summary>
internal sealed class CollectingSink : IMonitorEventSink
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private readonly List<MonitorEvent> _events = [];

    public void Accept(MonitorEvent monitorEvent)
    {
        lock (_events)
        {
            _events.Add(monitorEvent);
        }
    }

    public IReadOnlyList<MonitorEvent> Snapshot()
    {
        lock (_events)
        {
            return [.. _events];
        }
    }

    public IReadOnlyList<MonitorEvent> For(string orderId) => [.. Snapshot().Where(e => e.OrderId == orderId)];

    /// <summary>Waits until <paramref name="count"/> events of <paramref name="orderId"/> arrived; returns them in arrival order.</summary>
    public async Task<IReadOnlyList<MonitorEvent>> WaitForOrderAsync(string orderId, int count, TimeSpan? timeout = null)
    {
        await Eventually.WaitUntilAsync(() => For(orderId).Count >= count, timeout ?? DefaultTimeout, $"{count} events of {orderId}");
        return For(orderId);
    }
}
