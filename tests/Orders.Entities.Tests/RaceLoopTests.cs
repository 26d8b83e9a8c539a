using Orders.Entities.Tests.Support;
using Orders.Messaging.Entities;
using Orders.Messaging.Pipeline;

namespace Orders.Entities.Tests;

/// <summary>
/// The loop every entity shares (<see cref="EntityActor{TState, TChange}"/>): load, decide, commit; on a
/// lost race reload and decide again; one rule for attempts, duplicates, transient errors and unknown messages.
/// </summary>
public sealed class RaceLoopTests : EntityTestKit<CounterEntity>
{
    protected override EntityRegionOptions Configure(EntityRegionOptions options) => options;

    [Fact]
    public async Task AskAsync_AnotherInstanceWritesBetweenLoadAndCommit_ReloadsDecidesAgainAndCommits()
    {
        var interfered = false;
        Store.BeforeCommit = id =>
        {
            if (!interfered)
            {
                interfered = true;
                Store.WriteAsOtherInstance(id, 10);
            }
        };

        var outcome = await AskAsync("c", new Add(1));

        Assert.Equal(MessageOutcome.Ack, outcome);
        Assert.Equal(new Counter(11, 2), Store.Find("c"));
        Assert.Equal(2, Store.Loads);
    }

    [Fact]
    public async Task AskAsync_LosesEveryRace_AnswersRetryAfterMaxDecisionAttempts()
    {
        Store.BeforeCommit = id => Store.WriteAsOtherInstance(id, 10);

        var outcome = await AskAsync("c", new Add(1));

        Assert.IsType<MessageOutcome.RetryLater>(outcome);
        Assert.Equal(EntityActor<Counter, int>.MaxDecisionAttempts, Store.Commits);
    }

    [Fact]
    public async Task AskAsync_CachedStateStale_CommitLosesAndReloadedDecisionWins()
    {
        Assert.Equal(MessageOutcome.Ack, await AskAsync("c", new Add(1)));
        Store.WriteAsOtherInstance("c", 100);

        var outcome = await AskAsync("c", new Add(1));

        Assert.Equal(MessageOutcome.Ack, outcome);
        Assert.Equal(new Counter(102, 3), Store.Find("c"));
    }

    [Fact]
    public async Task AskAsync_MessageIdAlreadyInInbox_AnswersAlreadyAppliedWithoutChange()
    {
        Store.MarkProcessed("dup-1");

        var outcome = await AskAsync("c", new Add(1), messageId: "dup-1");

        Assert.Equal(MessageOutcome.AlreadyApplied, outcome);
        Assert.Null(Store.Find("c"));
    }

    [Fact]
    public async Task AskAsync_TransientDatabaseFailure_AnswersRetryAndNextMessageReloads()
    {
        Store.FailNextLoad = new TimeoutException("simulated");

        var failed = await AskAsync("c", new Add(1));
        var next = await AskAsync("c", new Add(1));

        Assert.IsType<MessageOutcome.RetryLater>(failed);
        Assert.Equal(MessageOutcome.Ack, next);
        Assert.Equal(new Counter(1, 1), Store.Find("c"));
    }

    [Fact]
    public async Task AskAsync_MessageTypeTheEntityDoesNotHandle_IsDeadLettered()
    {
        var outcome = await AskAsync("c", new Stray());

        Assert.IsType<MessageOutcome.DeadLettered>(outcome);
    }

    [Fact]
    public async Task AskAsync_CreationOfAbsentEntity_CommitsWithoutLoading()
    {
        var outcome = await AskAsync("c", new Create(5));

        Assert.Equal(MessageOutcome.Ack, outcome);
        Assert.Equal(new Counter(5, 1), Store.Find("c"));
        Assert.Equal(0, Store.Loads);
    }

    [Fact]
    public async Task AskAsync_CreationOfExistingEntity_CommitLosesAndStoredStateDecides()
    {
        Store.WriteAsOtherInstance("c", 3);

        var outcome = await AskAsync("c", new Create(5));

        Assert.Equal(MessageOutcome.AlreadyApplied, outcome);
        Assert.Equal(new Counter(3, 1), Store.Find("c"));
        Assert.Equal((1, 1), (Store.Loads, Store.Commits));
    }

    [Fact]
    public async Task AskAsync_CreationAnsweredWithoutCommit_AnswersOnlyOnLoadedState()
    {
        var outcome = await AskAsync("c", new Create(-1));

        Assert.IsType<MessageOutcome.DeadLettered>(outcome);
        Assert.Equal((1, 0), (Store.Loads, Store.Commits));
    }

    [Fact]
    public async Task AskAsync_CreationAfterEntityCached_DecidesOnCachedState()
    {
        Assert.Equal(MessageOutcome.Ack, await AskAsync("c", new Add(2)));

        var outcome = await AskAsync("c", new Create(5));

        Assert.Equal(MessageOutcome.AlreadyApplied, outcome);
        Assert.Equal((1, 1), (Store.Loads, Store.Commits));
    }
}
