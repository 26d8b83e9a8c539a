using Orders.Contracts;
using Orders.PaymentService.Tests.Support;
using Orders.Testing;

namespace Orders.PaymentService.Tests.Service;

[Collection(PaymentServiceCollection.Name)]
public sealed class CancellationTests(NatsServerFixture nats, PostgresFixture postgres)
{
    [Fact]
    public async Task OrderCancelled_AfterCapture_RefundsExactlyOnce()
    {
        await using var bed = await PaymentTestBed.StartAsync(nats, postgres);
        var orderId = PaymentTestBed.NewOrderId();
        await bed.PublishAsync(OrderEvents.Created(orderId, 39.98m));
        await bed.WaitForPaymentsAsync(orderId, p => p.Count > 0, "the order should be paid");

        var cancelled = OrderEvents.Cancelled(orderId);
        await bed.PublishAsync(cancelled);
        await bed.PublishAsync(cancelled, msgId: $"{cancelled.EventId}:again");
        await bed.WaitUntilSettledAsync();

        var published = await bed.ReadPaymentsAsync(orderId);
        Assert.Equal([typeof(PaymentCaptured), typeof(PaymentRefunded)], published.Select(p => p.Event.GetType()));
        var refunded = published[1];
        Assert.Equal($"refunded:{orderId}", refunded.MsgId);
        Assert.Equal((39.98m, "USD"), (((PaymentRefunded)refunded.Event).Amount, ((PaymentRefunded)refunded.Event).Currency));
        Assert.Equal("Refunded", await bed.PaymentStatusAsync(orderId));
    }

    [Fact]
    public async Task OrderCancelled_BeforeCreated_DeclinesWithCancelledAndNeverCharges()
    {
        await using var bed = await PaymentTestBed.StartAsync(nats, postgres);
        var orderId = PaymentTestBed.NewOrderId();

        await bed.PublishAsync(OrderEvents.Cancelled(orderId));
        await bed.WaitUntilSettledAsync();
        Assert.Empty(await bed.ReadPaymentsAsync(orderId));
        await bed.PublishAsync(OrderEvents.Created(orderId, 39.98m));
        await bed.WaitUntilSettledAsync();

        var published = await bed.ReadPaymentsAsync(orderId);
        var declined = Assert.IsType<PaymentDeclined>(Assert.Single(published).Event);
        Assert.Equal(DeclineReasons.Cancelled, declined.Reason);
        Assert.Equal(0, await bed.GatewayChargesAsync(orderId));
    }

    [Fact]
    public async Task OrderCancelled_AfterAnInstanceCrashedBetweenChargeAndCommit_RefundsTheTakenMoney()
    {
        await using var bed = await PaymentTestBed.StartAsync(nats, postgres);
        var orderId = PaymentTestBed.NewOrderId();

        // What a crash right after the gateway took the money leaves behind: the charge stored as
        // under way, the gateway's ledger row, no capture recorded, created not acked.
        await bed.ExecuteAsync(
            $"INSERT INTO payments (order_id, payment_id, status, amount, currency, cancel_seen, version, updated_at) "
            + $"VALUES ('{orderId}', 'pay-{orderId}', 'Pending', 39.98, 'USD', false, 1, now()); "
            + $"INSERT INTO gateway_charges (payment_id, amount, currency, charged_at) VALUES ('pay-{orderId}', 39.98, 'USD', now())");

        await bed.PublishAsync(OrderEvents.Cancelled(orderId));
        await bed.WaitUntilSettledAsync();
        await bed.PublishAsync(OrderEvents.Created(orderId, 39.98m)); // the redelivery after the crash
        await bed.WaitUntilSettledAsync();

        var published = await bed.ReadPaymentsAsync(orderId);
        Assert.Equal([typeof(PaymentCaptured), typeof(PaymentRefunded)], published.Select(p => p.Event.GetType()));
        Assert.Equal(1, await bed.GatewayChargesAsync(orderId));
        Assert.Equal("Refunded", await bed.PaymentStatusAsync(orderId));
    }

    [Fact]
    public async Task OrderCancelled_OfDeclinedOrder_PublishesNothingMore()
    {
        await using var bed = await PaymentTestBed.StartAsync(nats, postgres);
        var orderId = PaymentTestBed.NewOrderId();
        await bed.PublishAsync(OrderEvents.Created(orderId, 5000m));
        await bed.WaitForPaymentsAsync(orderId, p => p.Count > 0, "the order should be declined");

        await bed.PublishAsync(OrderEvents.Cancelled(orderId));
        await bed.WaitUntilSettledAsync();

        Assert.IsType<PaymentDeclined>(Assert.Single(await bed.ReadPaymentsAsync(orderId)).Event);
        Assert.Equal(0, await bed.GatewayChargesAsync(orderId));
    }
}
