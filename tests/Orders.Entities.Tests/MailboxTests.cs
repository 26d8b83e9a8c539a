using Orders.Entities.Tests.Support;
using Orders.Messaging.Entities;
using Orders.Messaging.Pipeline;

namespace Orders.Entities.Tests;

/// <summary>
/// The entity mailbox (a linked queue allocated per message, not Akka's default ConcurrentQueue):
/// no message is lost or reordered, whether many entities get one message each or one entity gets
/// many from concurrent askers. A lost wake-up shows here as an Ask that times out.
/// </summary>
public sealed class MailboxTests : EntityTestKit<TestEntity>
{
    protected override EntityRegionOptions Configure(EntityRegionOptions options) =>
        options with { PassivateAfter = null, MaxLiveEntities = null };

    [Fact]
    public async Task AskAsync_ManyEntitiesOneMessageEach_EveryAskAnswered()
    {
        const int entities = 20_000;
        for (var batch = 0; batch < entities; batch += 1_000)
        {
            var asks = Enumerable.Range(batch, 1_000).Select(i => AskAsync($"m-{i}", new Note(i)));
            Assert.All(await Task.WhenAll(asks), outcome => Assert.Equal(MessageOutcome.Ack, outcome));
        }

        Assert.Equal(entities, Journal.TotalStarted);
    }

    [Fact]
    public async Task AskAsync_ConcurrentAskersToOneEntity_EachAskersMessagesHandledInOrder()
    {
        const int askers = 8;
        const int perAsker = 500;
        var runs = Enumerable.Range(0, askers).Select(asker => Task.Run(async () =>
        {
            // Several in flight per asker, sent in order: the parent forwards in arrival order.
            var pending = new List<Task<MessageOutcome>>();
            for (var i = 0; i < perAsker; i++)
            {
                pending.Add(AskAsync("shared", new Note((asker * perAsker) + i)));
            }

            return await Task.WhenAll(pending);
        }));

        var outcomes = (await Task.WhenAll(runs)).SelectMany(o => o).ToList();

        Assert.All(outcomes, outcome => Assert.Equal(MessageOutcome.Ack, outcome));
        var handled = Journal.Handled("shared");
        Assert.Equal(askers * perAsker, handled.Count);
        for (var asker = 0; asker < askers; asker++)
        {
            var own = handled.Where(n => n / perAsker == asker).ToList();
            Assert.Equal(Enumerable.Range(asker * perAsker, perAsker).ToList(), own);
        }
    }
}
