using Orders.Contracts;
using Orders.Messaging.Pipeline;
using Orders.OrderService.Tests.Support;

namespace Orders.OrderService.Tests.OrderHandling;

/// <summary>
/// The order actor against a real PostgreSQL, with two actor systems over one database standing
/// in for two service instances: the test chooses which instance sees which message, so each
/// race is played out deterministically (the wire tests in Wire/ cover the same through NATS).
/// </summary>
[Collection(OrderServiceCollection.Name)]
public sealed class OrderActorTests(OrderServiceFixture fixture) : IAsyncLifetime
{
    private OrderDatabase _database = null!;
    private ActorNode _first = null!;
    private ActorNode _second = null!;

    public async Task InitializeAsync()
    {
        _database = await OrderDatabase.CreateAsync(fixture.Postgres, "order_actor");
        _first = await ActorNode.StartAsync("first", _database);
        _second = await ActorNode.StartAsync("second", _database);
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Fact]
    public async Task Update_RacingUpdatesWithSameExpectedVersionOnTwoInstances_ExactlyOneApplies()
    {
        var orderId = await PaidOrderSeenByBothAsync();

        var shipped = await _first.UpdateAsync(new UpdateStatus("r-ship", orderId, OrderStatus.Shipped, ExpectedVersion: 2));
        var cancelled = await _second.UpdateAsync(new UpdateStatus("r-cancel", orderId, OrderStatus.Cancelled, ExpectedVersion: 2));

        Assert.Equal(MessageOutcome.Ack, shipped);
        Assert.Equal(MessageOutcome.Ack, cancelled);
        Assert.Equal(("Shipped", 3L), await _database.OrderAsync(orderId));
        Assert.Equal(
            ["created:" + orderId + ":1", "paid:" + orderId + ":2", "shipped:" + orderId + ":3", "update-rejected:r-cancel"],
            await _database.OutboxEventIdsAsync(orderId));
        Assert.Equal("version-conflict", (await _database.RequestsAsync(orderId))["r-cancel"]);
    }

    [Fact]
    public async Task Update_InstanceWithStaleStateWouldReject_ReloadsAndApplies()
    {
        // The second instance still has the order cached at version 2 (Paid) when the first ships it;
        // Delivered expecting version 3 is right for the stored order, wrong for the stale copy.
        var orderId = await PaidOrderSeenByBothAsync();
        Assert.Equal(MessageOutcome.Ack, await _first.UpdateAsync(new UpdateStatus("r-ship", orderId, OrderStatus.Shipped, ExpectedVersion: 2)));

        var outcome = await _second.UpdateAsync(new UpdateStatus("r-deliver", orderId, OrderStatus.Delivered, ExpectedVersion: 3));

        Assert.Equal(MessageOutcome.Ack, outcome);
        Assert.Equal(("Delivered", 4L), await _database.OrderAsync(orderId));
        Assert.DoesNotContain("update-rejected:r-deliver", await _database.OutboxEventIdsAsync(orderId));
    }

    [Fact]
    public async Task Update_InstanceWithStaleState_CountsTheLostRaceAsAConflictRetried()
    {
        var orderId = await PaidOrderSeenByBothAsync();
        await _first.UpdateAsync(new UpdateStatus("r-ship", orderId, OrderStatus.Shipped, ExpectedVersion: 2));

        // Decided on the cached version 2: the commit loses to the first instance's, then is decided again.
        await _second.UpdateAsync(new UpdateStatus("r-deliver", orderId, OrderStatus.Delivered, ExpectedVersion: 3));

        Assert.Equal((0L, 1L), (_first.Stats.Snapshot().ConflictsRetried, _second.Stats.Snapshot().ConflictsRetried));
    }

    [Fact]
    public async Task Update_SameRequestOnTwoInstancesAfterRejection_AnsweredOnce()
    {
        var orderId = await PaidOrderSeenByBothAsync();
        var stale = new UpdateStatus("r-stale", orderId, OrderStatus.Shipped, ExpectedVersion: 1);

        var first = await _first.UpdateAsync(stale);
        var second = await _second.UpdateAsync(stale);

        Assert.Equal(MessageOutcome.Ack, first);
        Assert.Equal(MessageOutcome.AlreadyApplied, second);
        Assert.Single(await _database.OutboxEventIdsAsync(orderId), id => id == "update-rejected:r-stale");
        Assert.Equal(("Paid", 2L), await _database.OrderAsync(orderId));
    }

    [Fact]
    public async Task Update_UnknownOrderAnsweredOnOneInstance_OtherInstanceAndLaterOrderDoNotAnswerAgain()
    {
        var orderId = NewOrderId();
        var early = new UpdateStatus("r-early", orderId, OrderStatus.Cancelled);

        Assert.Equal(MessageOutcome.Ack, await _first.UpdateAsync(early));
        Assert.Equal(MessageOutcome.AlreadyApplied, await _second.UpdateAsync(early));
        Assert.Equal(MessageOutcome.Ack, await _first.SubmitAsync(Submit(orderId)));
        Assert.Equal(MessageOutcome.AlreadyApplied, await _second.UpdateAsync(early));

        Assert.Equal(("Created", 1L), await _database.OrderAsync(orderId));
        Assert.Equal(["update-rejected:r-early", "created:" + orderId + ":1"], await _database.OutboxEventIdsAsync(orderId));
    }

    [Fact]
    public async Task Submit_OtherContentOnInstanceThatHasNotSeenTheOrder_IsDeadLettered()
    {
        var orderId = NewOrderId();
        Assert.Equal(MessageOutcome.Ack, await _first.SubmitAsync(Submit(orderId)));

        var outcome = await _second.SubmitAsync(Submit(orderId) with { CustomerId = "c-other" });

        var deadLetter = Assert.IsType<MessageOutcome.DeadLettered>(outcome);
        Assert.Contains("different content", deadLetter.Reason);
        Assert.Equal(["created:" + orderId + ":1"], await _database.OutboxEventIdsAsync(orderId));
    }

    [Fact]
    public async Task Capture_ForOrderCancelledOnOtherInstance_LeavesItCancelled()
    {
        var orderId = NewOrderId();
        Assert.Equal(MessageOutcome.Ack, await _first.SubmitAsync(Submit(orderId)));
        Assert.Equal(MessageOutcome.AlreadyApplied, await _second.SubmitAsync(Submit(orderId)));
        Assert.Equal(MessageOutcome.Ack, await _first.UpdateAsync(new UpdateStatus("r-cancel", orderId, OrderStatus.Cancelled)));

        var outcome = await _second.CaptureAsync(orderId, 39.98m);

        Assert.Equal(MessageOutcome.Ack, outcome);
        Assert.Equal(("Cancelled", 2L), await _database.OrderAsync(orderId));
    }

    /// <summary>A Paid order (version 2) that both instances have loaded and cached.</summary>
    private async Task<string> PaidOrderSeenByBothAsync()
    {
        var orderId = NewOrderId();
        Assert.Equal(MessageOutcome.Ack, await _first.SubmitAsync(Submit(orderId)));
        Assert.Equal(MessageOutcome.Ack, await _first.CaptureAsync(orderId, 39.98m));
        Assert.Equal(MessageOutcome.AlreadyApplied, await _second.SubmitAsync(Submit(orderId)));
        return orderId;
    }

    private static SubmitOrder Submit(string orderId) => new(orderId, "c-7", "USD", [new OrderItem("SKU-1", 2, 19.99m)]);

    private static string NewOrderId() => "o-" + Guid.NewGuid().ToString("N")[..12];
}
