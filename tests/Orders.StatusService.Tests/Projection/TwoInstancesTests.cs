using System.Text.Json;
using Orders.Contracts;
using Orders.StatusService.Tests.Support;
using Orders.Testing;

namespace Orders.StatusService.Tests.Projection;

/// <summary>
/// Two instances pull from the one shared durable consumer and share the database: events of one order
/// land on both, out of order, and the versioned updates must still build every view exactly once, in order.
/// </summary>
[Collection(StatusServiceCollection.Name)]
public sealed class TwoInstancesTests(NatsServerFixture nats, PostgresFixture postgres)
{
    private const int Orders = 40;
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Consume_ShuffledEventsOfManyOrdersOnTwoInstances_EveryViewConvergesInVersionOrder()
    {
        await using var scenario = await StatusServiceScenario.CreateAsync(nats, postgres, "status_two_instances");
        var first = await scenario.StartInstanceAsync();
        var second = await scenario.StartInstanceAsync();

        // Three lifecycles, so the views end in different statuses with different history lengths.
        var expected = new Dictionary<string, string[]>();
        var events = new List<IOrderEvent>();
        for (var i = 0; i < Orders; i++)
        {
            var order = new OrderEvents($"o-race-{i}", T0.AddMinutes(i));
            IOrderEvent[] lifecycle = (i % 3) switch
            {
                0 => [.. order.HappyPath()],
                1 => [order.Created(), order.PaymentFailed()],
                _ => [order.Created(), order.Paid(), order.Cancelled(version: 3), order.Rejected($"r-late-{i}", OrderStatus.Cancelled, 3)],
            };
            events.AddRange(lifecycle);
            expected[order.OrderId] = lifecycle.OfType<IVersionedOrderEvent>().Select(e => e.StatusAfter.ToString()).ToArray();
        }

        new Random(20261121).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(events));
        foreach (var evt in events)
        {
            await scenario.PublishAsync(evt);
        }

        await scenario.WaitUntilConsumedAsync();

        // The shared pull consumer really split the work: both instances applied events.
        Assert.True((await first.PipelineTotalsAsync()).Received > 0, "the first instance received nothing");
        Assert.True((await second.PipelineTotalsAsync()).Received > 0, "the second instance received nothing");
        foreach (var (orderId, statuses) in expected)
        {
            // Either instance answers from the shared database.
            var view = await StatusServiceScenario.WaitForVersionAsync(orderId.EndsWith('0') ? first : second, orderId, statuses.Length);
            Assert.Equal(statuses.Length, view.GetProperty("version").GetInt32());
            Assert.Equal(statuses[^1], view.GetProperty("status").GetString());
            Assert.Equal(
                statuses.Select((status, index) => (index + 1, status)),
                ProjectionTests.History(view).Select(h => (h.Version, h.Status)));
        }

        var versionedEvents = expected.Values.Sum(s => s.Length);
        Assert.Equal((long)versionedEvents, await scenario.ScalarAsync<long>("SELECT count(*) FROM order_history"));
        Assert.Equal((long)versionedEvents, await scenario.ScalarAsync<long>("SELECT count(*) FROM inbox"));
        Assert.Empty(await scenario.DeadLettersAsync());
    }
}
