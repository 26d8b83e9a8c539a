using Orders.Contracts;
using Orders.PaymentService.Tests.Support;
using Orders.Testing;
using Xunit.Abstractions;

namespace Orders.PaymentService.Tests.Service;

[Collection(PaymentServiceCollection.Name)]
public sealed class RaceTests(NatsServerFixture nats, PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task TwoInstances_CreatedRacingWithCancellation_NeverLeaveAnOrderCharged()
    {
        await using var bed = await PaymentTestBed.StartAsync(nats, postgres, instances: 2, settings: new Dictionary<string, string>
        {
            // Slower charges widen the window in which a cancellation lands mid-charge.
            ["Payments:Gateway:Latency"] = "00:00:00.010",
            ["Payments:Gateway:Jitter"] = "00:00:00.010",
        });
        var orderIds = Enumerable.Range(0, 24).Select(_ => PaymentTestBed.NewOrderId()).ToList();

        // Created and cancelled back to back, each also re-published under a new Nats-Msg-Id, in
        // varying order, so both instances see both kinds of message for the same order at once.
        for (var i = 0; i < orderIds.Count; i++)
        {
            var created = OrderEvents.Created(orderIds[i], 10m + i);
            var cancelled = OrderEvents.Cancelled(orderIds[i]);
            if (i % 3 == 2)
            {
                await bed.PublishAsync(cancelled);
                await bed.PublishAsync(created);
            }
            else
            {
                await bed.PublishAsync(created);
                await bed.PublishAsync(cancelled);
            }

            await bed.PublishAsync(created, msgId: $"{created.EventId}:again");
            await bed.PublishAsync(cancelled, msgId: $"{cancelled.EventId}:again");
        }

        await bed.WaitUntilSettledAsync(TimeSpan.FromSeconds(60));
        output.WriteLine(
            $"refunded: {await bed.ScalarAsync<long>("SELECT count(*) FROM payments WHERE status = 'Refunded'")}, "
            + $"declined: {await bed.ScalarAsync<long>("SELECT count(*) FROM payments WHERE status = 'Declined'")}, "
            + $"max version: {await bed.ScalarAsync<long>("SELECT max(version) FROM payments")}");
        foreach (var orderId in orderIds)
        {
            var events = (await bed.ReadPaymentsAsync(orderId)).Select(p => p.Event).ToList();
            var captures = events.OfType<PaymentCaptured>().Count();
            var refunds = events.OfType<PaymentRefunded>().Count();
            var charges = await bed.GatewayChargesAsync(orderId);

            Assert.True(captures <= 1, $"{orderId}: captured {captures} times");
            Assert.Equal(captures, refunds);
            Assert.Equal(captures, charges);
            if (captures == 0)
            {
                Assert.Equal(DeclineReasons.Cancelled, Assert.IsType<PaymentDeclined>(Assert.Single(events)).Reason);
                Assert.Equal("Declined", await bed.PaymentStatusAsync(orderId));
            }
            else
            {
                Assert.Equal(2, events.Count);
                Assert.Equal("Refunded", await bed.PaymentStatusAsync(orderId));
            }
        }
    }
}
