using Orders.Entities.Tests.Support;
using Orders.Messaging.Entities;
using Orders.Messaging.Pipeline;

namespace Orders.Entities.Tests;

/// <summary>Children stop when idle or beyond the bound, and no message sent meanwhile is lost or reordered.</summary>
public sealed class PassivationTests : EntityTestKit<TestEntity>
{
    private const int MaxLive = 5;

    protected override EntityRegionOptions Configure(EntityRegionOptions options) =>
        options with { PassivateAfter = TimeSpan.FromMilliseconds(200), MaxLiveEntities = MaxLive };

    [Fact]
    public async Task AskAsync_ManyMoreEntitiesThanLiveBound_EveryMessageHandledOnceInOrder()
    {
        const int entities = 40;
        const int perEntity = 50;

        // Sent without waiting, interleaved over the entities: with at most 5 live, children are
        // passivated all the time while messages for them keep arriving.
        var asks = new List<Task<MessageOutcome>>();
        for (var sequence = 0; sequence < perEntity; sequence++)
        {
            for (var entity = 0; entity < entities; entity++)
            {
                asks.Add(AskAsync($"e-{entity}", new Note(sequence)));
            }
        }

        var outcomes = await Task.WhenAll(asks);

        Assert.All(outcomes, outcome => Assert.Equal(MessageOutcome.Ack, outcome));
        var expected = Enumerable.Range(0, perEntity).ToList();
        for (var entity = 0; entity < entities; entity++)
        {
            Assert.Equal(expected, Journal.Handled($"e-{entity}"));
        }

        Assert.True(Journal.TotalStarted > entities, $"expected passivations and re-creations, saw {Journal.TotalStarted} incarnations");
    }

    [Fact]
    public async Task AskAsync_EntityIdleLongerThanPassivateAfter_StopsAndNextMessageStartsItAgain()
    {
        Assert.Equal(MessageOutcome.Ack, await AskAsync("idle", new Note(1)));

        await AwaitConditionAsync(() => Task.FromResult(Journal.Stopped("idle") == 1), TimeSpan.FromSeconds(10), cancellationToken: Ct);
        Assert.Equal(MessageOutcome.Ack, await AskAsync("idle", new Note(2)));

        Assert.Equal(2, Journal.Started("idle"));
        Assert.Equal([1, 2], Journal.Handled("idle"));
    }

    [Fact]
    public async Task AskAsync_EntityKeepsReceivingMessages_IsNotPassivated()
    {
        // Several passivation windows long, with a message every quarter of one: the parent's sweep
        // must see it as busy each time. The delay paces the sender; nothing waits on it for a result.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(1.5);
        var sequence = 0;
        while (DateTime.UtcNow < until)
        {
            Assert.Equal(MessageOutcome.Ack, await AskAsync("busy", new Note(sequence++)));
            await Task.Delay(TimeSpan.FromMilliseconds(50), Ct);
        }

        Assert.Equal(1, Journal.Started("busy"));
        Assert.Equal(0, Journal.Stopped("busy"));
        Assert.Equal(Enumerable.Range(0, sequence).ToList(), Journal.Handled("busy"));
    }

    [Fact]
    public async Task AskAsync_OneEntityIdleOneBusy_OnlyTheIdleOneIsPassivated()
    {
        Assert.Equal(MessageOutcome.Ack, await AskAsync("idle", new Note(0)));
        var sequence = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Journal.Stopped("idle") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the idle entity was not passivated within 10 s");
            Assert.Equal(MessageOutcome.Ack, await AskAsync("busy", new Note(sequence++)));
            await Task.Delay(TimeSpan.FromMilliseconds(20), Ct);
        }

        Assert.Equal(0, Journal.Stopped("busy"));
        Assert.Equal(1, Journal.Started("busy"));
    }
}
