using Orders.Contracts;
using Orders.Contracts.Messaging;
using Orders.OrderService.Tests.Support;

namespace Orders.OrderService.Tests.Wire;

/// <summary><c>payments.*</c> through NATS (docs/contract.md, "Order lifecycle").</summary>
[Collection(OrderServiceCollection.Name)]
public sealed class PaymentOutcomeTests(OrderServiceFixture fixture)
{
    private readonly OrderClient _client = new(fixture);

    [Fact]
    public async Task Captured_ForCreatedOrder_PublishesPaidVersion2()
    {
        var orderId = await _client.CreatedOrderAsync();

        await _client.CaptureAsync(orderId);

        var paid = await _client.WaitForEventAsync(orderId, Subjects.Orders.Paid);
        Assert.Equal($"paid:{orderId}:2", paid.Header(MessageHeaders.MsgId));
        var json = paid.Json();
        Assert.Equal(2, json.GetProperty("version").GetInt32());
        Assert.Equal(PaymentIds.For(orderId), json.GetProperty("paymentId").GetString());
        Assert.Equal(OrderClient.OrderTotal, json.GetProperty("amount").GetDecimal());
        Assert.Equal("USD", json.GetProperty("currency").GetString());
        Assert.Equal(("Paid", 2L), await fixture.Database.OrderAsync(orderId));
    }

    [Fact]
    public async Task Captured_ForCreatedOrder_StoresExactlyThePublishedTimestamp()
    {
        var orderId = await _client.CreatedOrderAsync();

        await _client.CaptureAsync(orderId);

        var paid = (await _client.WaitForEventAsync(orderId, Subjects.Orders.Paid)).Json();
        var published = DateTimeOffset.Parse(paid.GetProperty("occurredAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(published, await fixture.Database.UpdatedAtAsync(orderId));
    }

    [Fact]
    public async Task Declined_ForCreatedOrder_PublishesPaymentFailedVersion2()
    {
        var orderId = await _client.CreatedOrderAsync();

        await _client.DeclineAsync(orderId, DeclineReasons.LimitExceeded);

        var failed = await _client.WaitForEventAsync(orderId, Subjects.Orders.PaymentFailed);
        Assert.Equal($"payment-failed:{orderId}:2", failed.Header(MessageHeaders.MsgId));
        var json = failed.Json();
        Assert.Equal(2, json.GetProperty("version").GetInt32());
        Assert.Equal(PaymentIds.For(orderId), json.GetProperty("paymentId").GetString());
        Assert.Equal(DeclineReasons.LimitExceeded, json.GetProperty("reason").GetString());
        Assert.Equal(("PaymentFailed", 2L), await fixture.Database.OrderAsync(orderId));
    }

    [Fact]
    public async Task Captured_ForCancelledOrder_DoesNotMakeItPaid()
    {
        var orderId = await _client.CreatedOrderAsync();
        await _client.UpdateAsync(new UpdateStatus(OrderClient.NewRequestId(), orderId, OrderStatus.Cancelled));
        await _client.WaitForEventAsync(orderId, Subjects.Orders.Cancelled);

        await _client.CaptureAsync(orderId);
        await fixture.SettleAsync();

        Assert.Equal([Subjects.Orders.Created, Subjects.Orders.Cancelled], await _client.EventSubjectsAsync(orderId));
        Assert.Equal(("Cancelled", 2L), await fixture.Database.OrderAsync(orderId));
    }

    [Fact]
    public async Task Captured_Redelivered_PublishesNothingNew()
    {
        var orderId = await _client.PaidOrderAsync();

        // A second copy of the same event under another Nats-Msg-Id, as after a publisher crash
        // outside the stream's duplicate window.
        var copy = await _client.CaptureAsync(orderId, msgId: "copy-" + orderId);
        await fixture.SettleAsync();

        Assert.False(copy.Duplicate);
        Assert.Equal([Subjects.Orders.Created, Subjects.Orders.Paid], await _client.EventSubjectsAsync(orderId));
    }
}
