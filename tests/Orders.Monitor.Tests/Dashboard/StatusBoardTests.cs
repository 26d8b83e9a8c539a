using Orders.Contracts;
using Orders.Monitor.Dashboard;

namespace Orders.Monitor.Tests.Dashboard;

public sealed class StatusBoardTests
{
    [Fact]
    public void Apply_NewerVersion_MovesTheOrderToItsNewStatus()
    {
        var board = new StatusBoard(capacity: 10);
        board.Apply("o-1", 1, OrderStatus.Created);

        board.Apply("o-1", 2, OrderStatus.Paid);

        var counts = board.Counts();
        Assert.Equal(0, counts["Created"]);
        Assert.Equal(1, counts["Paid"]);
    }

    [Fact]
    public void Apply_OlderOrSameVersion_ChangesNothing()
    {
        var board = new StatusBoard(capacity: 10);
        board.Apply("o-1", 2, OrderStatus.Paid);

        var applied = board.Apply("o-1", 1, OrderStatus.Created) | board.Apply("o-1", 2, OrderStatus.Paid);

        Assert.False(applied);
        Assert.Equal(1, board.Counts()["Paid"]);
        Assert.Equal(0, board.Counts()["Created"]);
    }

    [Fact]
    public void Apply_NewOrderBeyondCapacity_ForgetsTheLeastRecentlyUpdatedOrder()
    {
        var board = new StatusBoard(capacity: 2);
        board.Apply("o-1", 1, OrderStatus.Created);
        board.Apply("o-2", 1, OrderStatus.Created);
        board.Apply("o-1", 2, OrderStatus.Paid);

        board.Apply("o-3", 1, OrderStatus.Created);

        Assert.Null(board.Find("o-2"));
        Assert.Equal((2, OrderStatus.Paid), board.Find("o-1"));
        Assert.Equal((2, 1L), (board.OrderCount, board.Evicted));
    }

    [Fact]
    public void Apply_StaleEventForATrackedOrder_DoesNotKeepItFromBeingForgotten()
    {
        var board = new StatusBoard(capacity: 2);
        board.Apply("o-1", 2, OrderStatus.Paid);
        board.Apply("o-2", 1, OrderStatus.Created);
        board.Apply("o-1", 1, OrderStatus.Created); // a redelivery: not an update

        board.Apply("o-3", 1, OrderStatus.Created);

        Assert.Null(board.Find("o-1"));
        Assert.NotNull(board.Find("o-2"));
    }

    [Fact]
    public void Counts_AfterEvictions_CountExactlyTheTrackedOrders()
    {
        var board = new StatusBoard(capacity: 100);
        var statuses = Enum.GetValues<OrderStatus>();
        for (var i = 0; i < 1_000; i++)
        {
            board.Apply($"o-{i}", 1, OrderStatus.Created);
            board.Apply($"o-{i / 2}", 2 + (i % 7), statuses[i % statuses.Length]);
        }

        var counts = board.Counts();
        var tracked = Enumerable.Range(0, 1_000).Select(i => board.Find($"o-{i}")).OfType<(int Version, OrderStatus Status)>().ToList();
        Assert.Equal(100, board.OrderCount);
        Assert.Equal(100, tracked.Count);
        Assert.True(board.Evicted >= 900, $"1,000 orders, 100 tracked, yet only {board.Evicted} forgotten");
        Assert.All(statuses, s => Assert.Equal(tracked.Count(t => t.Status == s), counts[s.ToString()]));
    }

    [Fact]
    public void Constructor_CapacityBelowOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new StatusBoard(capacity: 0));

    [Fact]
    public void Counts_NoOrders_ListsEveryStatusWithZero()
    {
        var counts = new StatusBoard(capacity: 10).Counts();

        Assert.Equal(Enum.GetNames<OrderStatus>(), counts.Keys);
        Assert.All(counts.Values, count => Assert.Equal(0, count));
    }
}
