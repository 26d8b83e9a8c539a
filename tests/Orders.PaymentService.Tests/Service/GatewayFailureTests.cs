using Orders.Contracts;
using Orders.PaymentService.Tests.Support;
using Orders.Testing;

namespace Orders.PaymentService.Tests.Service;

[Collection(PaymentServiceCollection.Name)]
public sealed class GatewayFailureTests(NatsServerFixture nats, PostgresFixture postgres)
{
    [Fact]
    public async Task OrderCreated_GatewayFailingHalfTheTime_IsEventuallyCapturedOnceAndNeverDeclined()
    {
        await using var bed = await PaymentTestBed.StartAsync(nats, postgres, settings: new Dictionary<string, string>
        {
            ["Payments:Gateway:TransientFailureRate"] = "0.5",
            ["Payments:Gateway:Seed"] = "7",
        });
        var orderIds = Enumerable.Range(0, 6).Select(_ => PaymentTestBed.NewOrderId()).ToList();

        foreach (var orderId in orderIds)
        {
            await bed.PublishAsync(OrderEvents.Created(orderId, 12.50m));
        }

        await bed.WaitUntilSettledAsync(TimeSpan.FromSeconds(60));
        foreach (var orderId in orderIds)
        {
            var published = await bed.ReadPaymentsAsync(orderId);
            Assert.IsType<PaymentCaptured>(Assert.Single(published).Event);
            Assert.Equal(1, await bed.GatewayChargesAsync(orderId));
        }

        // The seed makes failures certain among six orders: the captures above came through redeliveries.
        Assert.True(await bed.ScalarAsync<long>("SELECT count(*) FROM payments WHERE version > 2") > 0, "no charge was ever retried");
    }
}
