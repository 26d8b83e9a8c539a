using Orders.Contracts;
using Orders.Contracts.Json;
using Orders.Contracts.Messaging;
using Orders.OrderService.Tests.Support;

namespace Orders.OrderService.Tests.Wire;

/// <summary><c>commands.submit-order</c> through NATS (docs/contract.md, "Commands").</summary>
[Collection(OrderServiceCollection.Name)]
public sealed class SubmitOrderTests(OrderServiceFixture fixture)
{
    private readonly OrderClient _client = new(fixture);

    [Fact]
    public async Task Submit_NewOrder_PublishesCreatedVersion1WithContractFields()
    {
        var orderId = OrderClient.NewOrderId();

        await _client.SubmitAsync(OrderClient.Order(orderId));

        var created = await _client.WaitForEventAsync(orderId, Subjects.Orders.Created);
        Assert.Equal($"created:{orderId}:1", created.Header(MessageHeaders.MsgId));
        var json = created.Json();
        Assert.Equal($"created:{orderId}:1", json.GetProperty("eventId").GetString());
        Assert.Equal(orderId, json.GetProperty("orderId").GetString());
        Assert.Equal(1, json.GetProperty("version").GetInt32());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", json.GetProperty("occurredAt").GetString());
        Assert.Equal("c-7", json.GetProperty("customerId").GetString());
        Assert.Equal("USD", json.GetProperty("currency").GetString());
        Assert.Equal(OrderClient.OrderTotal, json.GetProperty("total").GetDecimal());
        Assert.Equal(
            """[{"sku":"SKU-1","quantity":2,"unitPrice":19.99},{"sku":"SKU-2","quantity":1,"unitPrice":5.5}]""",
            json.GetProperty("items").GetRawText());
        Assert.Equal(("Created", 1L), await fixture.Database.OrderAsync(orderId));
    }

    [Fact]
    public async Task Submit_SameOrderAgainUnderSameAndNewMsgIdInOtherJsonLayout_PublishesNothingNew()
    {
        var orderId = await _client.CreatedOrderAsync();
        var sameContentOtherLayout =
            $$"""
              { "items" : [ {"unitPrice":19.990, "quantity":2, "sku":"SKU-1", "note":"x"}, {"quantity":1,"sku":"SKU-2","unitPrice":5.50} ],
                "currency":"USD",   "customerId":"c-7", "orderId":"{{orderId}}", "source":"retry" }
              """;

        var sameMsgId = await _client.SubmitAsync(OrderClient.Order(orderId));
        var newMsgId = await _client.PublishRawAsync(Subjects.Commands.SubmitOrder, sameContentOtherLayout, "resend-" + orderId);
        await fixture.SettleAsync();

        Assert.True(sameMsgId.Duplicate, "the stream's duplicate window drops the same Nats-Msg-Id");
        Assert.False(newMsgId.Duplicate, "a new Nats-Msg-Id reaches the service");
        Assert.Equal([Subjects.Orders.Created], await _client.EventSubjectsAsync(orderId));
        Assert.Equal(("Created", 1L), await fixture.Database.OrderAsync(orderId));
    }

    [Fact]
    public async Task Submit_SameOrderIdWithOtherContent_IsDeadLetteredWithReasonAndNoEvent()
    {
        var orderId = await _client.CreatedOrderAsync();
        var other = OrderClient.Order(orderId) with { Items = [new OrderItem("SKU-1", 3, 19.99m)] };

        var published = await _client.SubmitAsync(other, msgId: "other-" + orderId);

        var deadLetter = await _client.WaitForDeadLetterAsync(published);
        Assert.Equal(Subjects.DeadLetter.For("order-service"), deadLetter.Subject);
        Assert.Contains("different content", deadLetter.Header(MessageHeaders.DeadReason));
        Assert.Equal(Subjects.Commands.SubmitOrder, deadLetter.Header(MessageHeaders.OriginalSubject));
        Assert.Equal(OrdersJson.Serialize(other), deadLetter.Data.ToArray());
        await fixture.SettleAsync();
        Assert.Equal([Subjects.Orders.Created], await _client.EventSubjectsAsync(orderId));
    }

    [Fact]
    public async Task Submit_Invalid_IsDeadLetteredListingEveryProblem()
    {
        var orderId = OrderClient.NewOrderId();
        var invalid = $$"""
            {"orderId":"{{orderId}}","customerId":"bad id!","currency":"usd",
             "items":[{"sku":"SKU-1","quantity":0,"unitPrice":1.234},{"sku":"SKU-2","quantity":1,"unitPrice":-5}]}
            """;

        var published = await _client.PublishRawAsync(Subjects.Commands.SubmitOrder, invalid, EventIds.ForSubmitOrder(orderId));

        var reason = (await _client.WaitForDeadLetterAsync(published)).Header(MessageHeaders.DeadReason);
        Assert.NotNull(reason);
        Assert.Contains("customerId", reason);
        Assert.Contains("currency", reason);
        Assert.Contains("items[0].quantity", reason);
        Assert.Contains("items[0].unitPrice", reason);
        Assert.Contains("items[1].unitPrice", reason);
        await fixture.SettleAsync();
        Assert.Empty(await _client.EventSubjectsAsync(orderId));
        Assert.Null(await fixture.Database.OrderAsync(orderId));
    }
}
