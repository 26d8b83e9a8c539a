using Orders.Contracts;
using Orders.Messaging.Pipeline;
using Orders.OrderService.Tests.Support;
using Orders.Testing;

namespace Orders.OrderService.Tests.OrderHandling;

/// <summary>The order actor when its database goes away and comes back (a private cluster it may stop).</summary>
public sealed class TransientFailureTests : IAsyncLifetime
{
    private PostgresFixture _postgres = null!;
    private OrderDatabase _database = null!;
    private ActorNode _node = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresFixture.StartNewAsync();
        _database = await OrderDatabase.CreateAsync(_postgres, "order_transient");
        _node = await ActorNode.StartAsync("node", _database);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task Submit_WhileDatabaseIsDown_RepliesRetryAndSucceedsOnceItIsBack()
    {
        var submit = new SubmitOrder("o-transient", "c-7", "USD", [new OrderItem("SKU-1", 1, 10m)]);
        await _postgres.StopAsync();

        var whileDown = await _node.SubmitAsync(submit);
        await _postgres.StartAsync();
        var afterRestart = await _node.SubmitAsync(submit);

        Assert.IsType<MessageOutcome.RetryLater>(whileDown);
        Assert.Equal(MessageOutcome.Ack, afterRestart);
        Assert.Equal(("Created", 1L), await _database.OrderAsync("o-transient"));
    }
}
