using Orders.Contracts.Messaging;
using Orders.Monitor.Dashboard;
using Orders.Monitor.Tests.Support;
using Orders.Monitor.Watching;

namespace Orders.Monitor.Tests.Dashboard;

public sealed class OrderHistoryIndexTests
{
    [Fact]
    public void Add_MoreOrdersThanTheBound_ForgetsTheLeastRecentlyTouched()
    {
        var index = new OrderHistoryIndex(maxOrders: 2, maxEventsPerOrder: 10);
        index.Add("o-1", Event(1));
        index.Add("o-2", Event(2));
        index.Add("o-1", Event(3)); // o-1 touched again: o-2 is now the oldest

        index.Add("o-3", Event(4));

        Assert.Null(index.Find("o-2"));
        Assert.Equal([1UL, 3UL], index.Find("o-1")!.Value.Events.Select(e => e.Sequence));
        Assert.Equal(2, index.Count);
    }

    [Fact]
    public void Add_MoreEventsThanTheBound_DropsTheOldestAndSaysSo()
    {
        var index = new OrderHistoryIndex(maxOrders: 10, maxEventsPerOrder: 2);

        index.Add("o-1", Event(1));
        index.Add("o-1", Event(2));
        index.Add("o-1", Event(3));

        var (events, truncated) = index.Find("o-1")!.Value;
        Assert.Equal([2UL, 3UL], events.Select(e => e.Sequence));
        Assert.True(truncated);
    }

    private static MonitorEvent Event(ulong sequence) =>
        MessageDecoder.Decode(Observed.Message(Subjects.Orders.Created, "{}"u8.ToArray(), sequence: sequence));
}
