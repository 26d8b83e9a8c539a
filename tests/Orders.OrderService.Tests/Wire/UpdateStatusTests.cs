using Orders.Contracts;
using Orders.Contracts.Messaging;
using Orders.OrderService.Tests.Support;

namespace Orders.OrderService.Tests.Wire;

/// <summary><c>commands.update-status</c> through NATS (docs/contract.md, "Commands" and "Order lifecycle").</summary>
[Collection(OrderServiceCollection.Name)]
public sealed class UpdateStatusTests(OrderServiceFixture fixture)
{
    private readonly OrderClient _client = new(fixture);

    [Fact]
    public async Task Update_ShippedThenDelivered_FollowsLifecycleWithContiguousVersions()
    {
        var orderId = await _client.PaidOrderAsync();
        var ship = new UpdateStatus(OrderClient.NewRequestId(), orderId, OrderStatus.Shipped, ExpectedVersion: 2);
        var deliver = new UpdateStatus(OrderClient.NewRequestId(), orderId, OrderStatus.Delivered);

        await _client.UpdateAsync(ship);
        var shipped = await _client.WaitForEventAsync(orderId, Subjects.Orders.Shipped);
        await _client.UpdateAsync(deliver);
        var delivered = await _client.WaitForEventAsync(orderId, Subjects.Orders.Delivered);

        Assert.Equal(ship.RequestId, shipped.Json().GetProperty("requestId").GetString());
        Assert.Equal(deliver.RequestId, delivered.Json().GetProperty("requestId").GetString());
        Assert.Equal($"delivered:{orderId}:4", delivered.Header(MessageHeaders.MsgId));
        var versions = (await fixture.Orders.ForOrderAsync(orderId)).Select(m => m.Json().GetProperty("version").GetInt32());
        Assert.Equal([1, 2, 3, 4], versions);
        Assert.Equal(("Delivered", 4L), await fixture.Database.OrderAsync(orderId));
    }

    [Fact]
    public async Task Update_CancelledForPaidOrder_PublishesCancelledVersion3()
    {
        var orderId = await _client.PaidOrderAsync();
        var cancel = new UpdateStatus(OrderClient.NewRequestId(), orderId, OrderStatus.Cancelled, ExpectedVersion: 2);

        await _client.UpdateAsync(cancel);

        var cancelled = await _client.WaitForEventAsync(orderId, Subjects.Orders.Cancelled);
        Assert.Equal($"cancelled:{orderId}:3", cancelled.Header(MessageHeaders.MsgId));
        Assert.Equal(cancel.RequestId, cancelled.Json().GetProperty("requestId").GetString());
        Assert.Equal(("Cancelled", 3L), await fixture.Database.OrderAsync(orderId));
    }

    [Fact]
    public async Task Update_InvalidTransition_RejectedWithCurrentStateAndVersionUnchanged()
    {
        var orderId = await _client.CreatedOrderAsync();
        var deliver = new UpdateStatus(OrderClient.NewRequestId(), orderId, OrderStatus.Delivered);

        await _client.UpdateAsync(deliver);

        var rejected = await _client.WaitForEventAsync(orderId, Subjects.Orders.UpdateRejected);
        Assert.Equal($"update-rejected:{deliver.RequestId}", rejected.Header(MessageHeaders.MsgId));
        var json = rejected.Json();
        Assert.Equal(deliver.RequestId, json.GetProperty("requestId").GetString());
        Assert.Equal(RejectionReasons.InvalidTransition, json.GetProperty("reason").GetString());
        Assert.Equal("Created", json.GetProperty("currentStatus").GetString());
        Assert.Equal(1, json.GetProperty("currentVersion").GetInt32());
        Assert.False(json.TryGetProperty("version", out _), "a rejection carries no version");
        Assert.Equal(("Created", 1L), await fixture.Database.OrderAsync(orderId));
    }

    [Fact]
    public async Task Update_StaleExpectedVersion_RejectedAsVersionConflict()
    {
        var orderId = await _client.PaidOrderAsync();

        await _client.UpdateAsync(new UpdateStatus(OrderClient.NewRequestId(), orderId, OrderStatus.Shipped, ExpectedVersion: 1));

        var json = (await _client.WaitForEventAsync(orderId, Subjects.Orders.UpdateRejected)).Json();
        Assert.Equal(RejectionReasons.VersionConflict, json.GetProperty("reason").GetString());
        Assert.Equal("Paid", json.GetProperty("currentStatus").GetString());
        Assert.Equal(2, json.GetProperty("currentVersion").GetInt32());
        Assert.Equal(("Paid", 2L), await fixture.Database.OrderAsync(orderId));
    }

    [Fact]
    public async Task Update_BeforeOrderExists_RejectedAsUnknownOrder()
    {
        var orderId = OrderClient.NewOrderId();

        await _client.UpdateAsync(new UpdateStatus(OrderClient.NewRequestId(), orderId, OrderStatus.Cancelled));

        var json = (await _client.WaitForEventAsync(orderId, Subjects.Orders.UpdateRejected)).Json();
        Assert.Equal(RejectionReasons.UnknownOrder, json.GetProperty("reason").GetString());
        Assert.Equal(0, json.GetProperty("currentVersion").GetInt32());
        Assert.Null(await fixture.Database.OrderAsync(orderId));
    }

    [Fact]
    public async Task Update_SameRequestIdAgainUnderNewMsgId_PublishesNothingNew()
    {
        var orderId = await _client.PaidOrderAsync();
        var ship = new UpdateStatus(OrderClient.NewRequestId(), orderId, OrderStatus.Shipped);
        var stale = new UpdateStatus(OrderClient.NewRequestId(), orderId, OrderStatus.Cancelled, ExpectedVersion: 1);
        await _client.UpdateAsync(ship);
        await _client.UpdateAsync(stale);
        await _client.WaitForEventAsync(orderId, Subjects.Orders.Shipped);
        await _client.WaitForEventAsync(orderId, Subjects.Orders.UpdateRejected);

        var shipAgain = await _client.UpdateAsync(ship, msgId: "again-" + ship.RequestId);
        var staleAgain = await _client.UpdateAsync(stale with { ExpectedVersion = 3 }, msgId: "again-" + stale.RequestId);
        await fixture.SettleAsync();

        Assert.False(shipAgain.Duplicate || staleAgain.Duplicate, "the copies reach the service");
        Assert.Equal(
            [Subjects.Orders.Created, Subjects.Orders.Paid, Subjects.Orders.Shipped, Subjects.Orders.UpdateRejected],
            (await _client.EventSubjectsAsync(orderId)).Order());
        Assert.Equal(("Shipped", 3L), await fixture.Database.OrderAsync(orderId));
    }

    [Theory]
    [InlineData("""{"requestId":"r-paid","orderId":"{0}","status":"Paid"}""", "status")]
    [InlineData("""{"requestId":"r-created","orderId":"{0}","status":"Created","expectedVersion":1}""", "status")]
    [InlineData("""{"requestId":"r-json","orderId":"{0}","status":"Shipped" """, "JSON")]
    [InlineData("""{"orderId":"{0}","status":"Shipped"}""", "requestId")]
    public async Task Update_Malformed_IsDeadLetteredAndChangesNothing(string template, string reasonMentions)
    {
        var orderId = await _client.PaidOrderAsync();
        var payload = template.Replace("{0}", orderId, StringComparison.Ordinal);

        var published = await _client.PublishRawAsync(Subjects.Commands.UpdateStatus, payload, "malformed-" + Guid.NewGuid().ToString("N"));

        var deadLetter = await _client.WaitForDeadLetterAsync(published);
        Assert.Contains(reasonMentions, deadLetter.Header(MessageHeaders.DeadReason), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(payload, System.Text.Encoding.UTF8.GetString(deadLetter.Data.Span));
        await fixture.SettleAsync();
        Assert.Equal([Subjects.Orders.Created, Subjects.Orders.Paid], await _client.EventSubjectsAsync(orderId));
        Assert.Equal(("Paid", 2L), await fixture.Database.OrderAsync(orderId));
    }
}
