using Orders.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Orders.Contracts.Messaging;
using Orders.Messaging.Pipeline;
using Orders.PaymentService.Tests.Support;
using Orders.Testing;

namespace Orders.PaymentService.Tests.Service;

[Collection(PaymentServiceCollection.Name)]
public sealed class CaptureTests(NatsServerFixture nats, PostgresFixture postgres)
{
    [Fact]
    public async Task OrderCreated_TotalWithinLimit_PublishesCapturedWithItsAmount()
    {
        await using var bed = await PaymentTestBed.StartAsync(nats, postgres);
        var orderId = PaymentTestBed.NewOrderId();

        await bed.PublishAsync(OrderEvents.Created(orderId, 39.98m, "EUR"));

        var published = await bed.WaitForPaymentsAsync(orderId, p => p.Count > 0, "the order should be paid");
        var message = Assert.Single(published);
        Assert.Equal(Subjects.Payments.Captured, message.Subject);
        Assert.Equal($"captured:{orderId}", message.MsgId);
        var captured = Assert.IsType<PaymentCaptured>(message.Event);
        Assert.Equal(($"captured:{orderId}", $"pay-{orderId}", 39.98m, "EUR"), (captured.EventId, captured.PaymentId, captured.Amount, captured.Currency));
        Assert.Equal(1, await bed.GatewayChargesAsync(orderId));
        Assert.Equal("Captured", await bed.PaymentStatusAsync(orderId));
    }

    [Fact]
    public async Task OrderCreated_TotalExactlyAtTheLimit_IsCaptured()
    {
        await using var bed = await PaymentTestBed.StartAsync(nats, postgres);
        var orderId = PaymentTestBed.NewOrderId();

        await bed.PublishAsync(OrderEvents.Created(orderId, 1000.00m));

        var published = await bed.WaitForPaymentsAsync(orderId, p => p.Count > 0, "the order should be paid");
        Assert.Equal(1000.00m, Assert.IsType<PaymentCaptured>(Assert.Single(published).Event).Amount);
    }

    [Fact]
    public async Task OrderCreated_TotalAboveLimit_DeclinesWithLimitExceededAndChargesNothing()
    {
        await using var bed = await PaymentTestBed.StartAsync(nats, postgres);
        var orderId = PaymentTestBed.NewOrderId();

        await bed.PublishAsync(OrderEvents.Created(orderId, 1000.01m));

        var published = await bed.WaitForPaymentsAsync(orderId, p => p.Count > 0, "the order should be declined");
        var message = Assert.Single(published);
        Assert.Equal(($"declined:{orderId}", Subjects.Payments.Declined), (message.MsgId, message.Subject));
        Assert.Equal(DeclineReasons.LimitExceeded, Assert.IsType<PaymentDeclined>(message.Event).Reason);
        Assert.Equal(0, await bed.GatewayChargesAsync(orderId));
    }

    [Fact]
    public async Task OrderCreated_ConfiguredLowerLimit_DeclinesAboveIt()
    {
        await using var bed = await PaymentTestBed.StartAsync(
            nats, postgres, settings: new Dictionary<string, string> { ["Payments:DeclineAbove"] = "50.00" });
        var orderId = PaymentTestBed.NewOrderId();

        await bed.PublishAsync(OrderEvents.Created(orderId, 50.01m));

        var published = await bed.WaitForPaymentsAsync(orderId, p => p.Count > 0, "the order should be declined");
        Assert.Equal(DeclineReasons.LimitExceeded, Assert.IsType<PaymentDeclined>(Assert.Single(published).Event).Reason);
    }

    [Fact]
    public async Task OrderCreated_RepublishedUnderNewMsgIds_CapturesAndChargesOnce()
    {
        await using var bed = await PaymentTestBed.StartAsync(nats, postgres);
        var orderId = PaymentTestBed.NewOrderId();
        var created = OrderEvents.Created(orderId, 20.00m);

        // Two copies at once (racing in the actor), then one more after the capture.
        await bed.PublishAsync(created);
        await bed.PublishAsync(created, msgId: $"{created.EventId}:again");
        await bed.WaitForPaymentsAsync(orderId, p => p.Count > 0, "the order should be paid");
        await bed.PublishAsync(created, msgId: $"{created.EventId}:once-more");
        await bed.WaitUntilSettledAsync();

        var published = await bed.ReadPaymentsAsync(orderId);
        Assert.IsType<PaymentCaptured>(Assert.Single(published).Event);
        Assert.Equal(1, await bed.GatewayChargesAsync(orderId));
    }

    [Fact]
    public async Task OrderCreated_AgainOnInstanceThatHasNotSeenThePayment_ChargesOnce()
    {
        // The second instance decides its first orders.created on "absent" without reading the
        // database; only the intention's insert, which loses on the payment's key, may stop it.
        await using var bed = await PaymentTestBed.StartAsync(nats, postgres, instances: 2);
        var orderId = PaymentTestBed.NewOrderId();
        var created = OrderEvents.Created(orderId, 20.00m);
        await bed.PublishAsync(created);
        await bed.WaitForPaymentsAsync(orderId, p => p.Count > 0, "the order should be paid");

        // Copies under new ids until each instance has taken at least one: the server picks which.
        var copies = 0;
        await Eventually.WaitUntilAsync(async () =>
        {
            if (bed.Instances.All(i => i.Services.GetRequiredService<PipelineStats>().Snapshot().Total.Received > 0))
            {
                return true;
            }

            await bed.PublishAsync(created, msgId: $"{created.EventId}:copy-{++copies}");
            await bed.WaitUntilSettledAsync();
            return false;
        }, TimeSpan.FromSeconds(60), "both instances should have taken an orders.created");

        Assert.IsType<PaymentCaptured>(Assert.Single(await bed.ReadPaymentsAsync(orderId)).Event);
        Assert.Equal(1, await bed.GatewayChargesAsync(orderId));
        Assert.Equal("Captured", await bed.PaymentStatusAsync(orderId));
        Assert.Empty(await bed.ReadDeadLettersAsync());
    }

    [Fact]
    public async Task OrderEventsOtherThanCreatedAndCancelled_AreAckedWithoutEffect()
    {
        await using var bed = await PaymentTestBed.StartAsync(nats, postgres);
        var orderId = PaymentTestBed.NewOrderId();
        var shipped = new OrderShipped(EventIds.ForOrderEvent(Subjects.Orders.Shipped, orderId, 3), orderId, 3, DateTimeOffset.UtcNow, "r-1");

        await bed.PublishRawAsync(Subjects.Orders.Shipped, Orders.Contracts.Json.OrdersJson.Serialize(shipped), shipped.EventId);
        await bed.WaitUntilSettledAsync();

        Assert.Empty(await bed.ReadPaymentsAsync(orderId));
        Assert.Null(await bed.PaymentStatusAsync(orderId));
        Assert.Empty(await bed.ReadDeadLettersAsync());
    }
}
