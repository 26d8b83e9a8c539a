using Orders.Entities.Tests.Support;
using Orders.Messaging.Entities;
using Orders.Messaging.Pipeline;

namespace Orders.Entities.Tests;

/// <summary>The parent's supervision: what restarts (with back-off), what stops, and that a failure is always answered.</summary>
public sealed class SupervisionTests : EntityTestKit<TestEntity>
{
    protected override EntityRegionOptions Configure(EntityRegionOptions options) => options with
    {
        MaxRestarts = 2,
        MinRestartBackoff = TimeSpan.FromMilliseconds(10),
        MaxRestartBackoff = TimeSpan.FromMilliseconds(50),
    };

    [Fact]
    public async Task AskAsync_HandlerThrows_AnswersRetryAndNextMessageGoesToFreshIncarnation()
    {
        var failed = await AskAsync("bug", new Fail(Transient: false));
        var next = await AskAsync("bug", new Note(1));

        Assert.IsType<MessageOutcome.RetryLater>(failed);
        Assert.Equal(MessageOutcome.Ack, next);
        Assert.Equal(2, Journal.Started("bug"));
    }

    [Fact]
    public async Task AskAsync_TransientFailure_AnswersRetryWithoutRestart()
    {
        var failed = await AskAsync("slow-db", new Fail(Transient: true));
        var next = await AskAsync("slow-db", new Note(1));

        Assert.IsType<MessageOutcome.RetryLater>(failed);
        Assert.Equal(MessageOutcome.Ack, next);
        Assert.Equal(1, Journal.Started("slow-db"));
    }

    [Fact]
    public async Task AskAsync_FailsMoreOftenThanMaxRestarts_EntityStoppedAndItsMessagesRefused()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.IsType<MessageOutcome.RetryLater>(await AskAsync("broken", new Fail(Transient: false)));
        }

        await AwaitConditionAsync(() => Task.FromResult(Journal.Stopped("broken") == 1), TimeSpan.FromSeconds(10), cancellationToken: Ct);

        // The parent learns of the stop from Terminated; until then a message may still reach the dying child.
        await AwaitAssertAsync(
            async () => await Assert.ThrowsAsync<EntityUnavailableException>(() =>
                Region.AskAsync<MessageOutcome>("broken", Messages.Incoming(new Note(1)), TimeSpan.FromMilliseconds(500), Ct).AsTask()),
            TimeSpan.FromSeconds(10), cancellationToken: Ct);
        Assert.Empty(Journal.Handled("broken"));
    }

    [Fact]
    public async Task AskAsync_SiblingFails_OtherEntityKeepsRunning()
    {
        Assert.Equal(MessageOutcome.Ack, await AskAsync("healthy", new Note(1)));

        await AskAsync("sick", new Fail(Transient: false));

        Assert.Equal(MessageOutcome.Ack, await AskAsync("healthy", new Note(2)));
        Assert.Equal(1, Journal.Started("healthy"));
    }

    [Fact]
    public async Task AskAsync_NotAnIncomingMessage_FailsTheAsk()
    {
        await Assert.ThrowsAsync<NotSupportedException>(() => Region.AskAsync<MessageOutcome>("odd", new Stray(), AskTimeout, Ct).AsTask());
    }
}
