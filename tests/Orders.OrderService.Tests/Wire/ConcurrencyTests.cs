using Orders.Contracts;
using Orders.Contracts.Messaging;
using Orders.OrderService.Tests.Support;

namespace Orders.OrderService.Tests.Wire;

/// <summary>Two service instances pulling from one shared durable consumer over one database, racing on the same orders.</summary>
[Collection(OrderServiceCollection.Name)]
public sealed class ConcurrencyTests(OrderServiceFixture fixture)
{
    private const int OrderCount = 8;
    private readonly OrderClient _client = new(fixture);

    [Fact]
    public async Task Update_TwoRacingWithSameExpectedVersionAcrossTwoInstances_ExactlyOneApplies()
    {
        var orderIds = await Task.WhenAll(Enumerable.Range(0, OrderCount).Select(_ => _client.PaidOrderAsync()));
        var receivedBefore = fixture.CommandsReceivedPerInstance();

        // Both updates of an order go out back to back, so the two instances get them at the same time.
        var races = orderIds.Select(orderId => (
            OrderId: orderId,
            Ship: new UpdateStatus(OrderClient.NewRequestId(), orderId, OrderStatus.Shipped, ExpectedVersion: 2),
            Cancel: new UpdateStatus(OrderClient.NewRequestId(), orderId, OrderStatus.Cancelled, ExpectedVersion: 2))).ToList();
        await Task.WhenAll(races.SelectMany(race => new[] { _client.UpdateAsync(race.Ship), _client.UpdateAsync(race.Cancel) }));
        await fixture.SettleAsync();

        foreach (var race in races)
        {
            var answers = (await fixture.Orders.ForOrderAsync(race.OrderId)).Skip(2).ToList();
            Assert.Equal(2, answers.Count);
            var applied = Assert.Single(answers, m => m.Subject != Subjects.Orders.UpdateRejected);
            var rejected = Assert.Single(answers, m => m.Subject == Subjects.Orders.UpdateRejected).Json();
            Assert.Equal(3, applied.Json().GetProperty("version").GetInt32());
            Assert.Contains(rejected.GetProperty("reason").GetString(), new[] { RejectionReasons.VersionConflict, RejectionReasons.InvalidTransition });
            var winner = applied.Subject == Subjects.Orders.Shipped ? "Shipped" : "Cancelled";
            Assert.Equal((winner, 3L), await fixture.Database.OrderAsync(race.OrderId));
        }

        var receivedAfter = fixture.CommandsReceivedPerInstance();
        Assert.All(receivedAfter.Zip(receivedBefore), pair => Assert.True(pair.First > pair.Second, "both instances took part"));
    }
}
