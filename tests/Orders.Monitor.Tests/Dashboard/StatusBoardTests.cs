using Orders.Contracts;
using Orders.Monitor.Dashboard;

namespace Orders.Monitor.Tests.Dashboard;

public sealed class StatusBoardTests
{
    [Fact]
    public void Apply_NewerVersion_MovesTheOrderToItsNewStatus()
    {
        var board = new StatusBoard();
        board.Apply("o-1", 1, OrderStatus.Created);

        board.Apply("o-1", 2, OrderStatus.Paid);

        var counts = board.Counts();
        Assert.Equal(0, counts["Created"]);
        Assert.Equal(1, counts["Paid"]);
    }

    [Fact]
    public void Apply_OlderOrSameVersion_ChangesNothing()
    {
        var board = new StatusBoard();
        board.Apply("o-1", 2, OrderStatus.Paid);

        var applied = board.Apply("o-1", 1, OrderStatus.Created) | board.Apply("o-1", 2, OrderStatus.Paid);

        Assert.False(applied);
        Assert.Equal(1, board.Counts()["Paid"]);
        Assert.Equal(0, board.Counts()["Created"]);
    }

    [Fact]
    public void Counts_NoOrders_ListsEveryStatusWithZero()
    {
        var counts = new StatusBoard().Counts();

        Assert.Equal(Enum.GetNames<OrderStatus>(), counts.Keys);
        Assert.All(counts.Values, count => Assert.Equal(0, count));
    }
}
