using System.Text;
using Microsoft.EntityFrameworkCore;
using Orders.Messaging.Outbox;
using Orders.Messaging.Persistence;
using Orders.Messaging.Tests.Support;
using Orders.Testing;

namespace Orders.Messaging.Tests.Outbox;

[Collection(PostgresCollection.Name)]
public sealed class OutboxRelayTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RelayPendingAsync_UnsentRows_PublishesInIdOrderAndMarksThemSent()
    {
        var database = await TestDatabase.CreateAsync(postgres, "relay_order");
        var eventIds = await CommitEventsAsync(database, count: 25);
        var publisher = new RecordingPublisher();
        var relay = database.CreateRelay(publisher, new OutboxOptions { BatchSize = 10 });

        var result = await relay.RelayPendingAsync(CancellationToken.None);

        Assert.Equal(new OutboxRelayResult(25, null), result);
        Assert.Equal(eventIds, publisher.Published);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE sent_at IS NULL OR attempts <> 1"));
    }

    [Fact]
    public async Task RelayPendingAsync_TwoRelaysConcurrently_PublishEveryRowExactlyOnce()
    {
        var database = await TestDatabase.CreateAsync(postgres, "relay_concurrent");
        var eventIds = await CommitEventsAsync(database, count: 400);
        var publisher = new RecordingPublisher();
        var options = new OutboxOptions { BatchSize = 10 };
        var first = database.CreateRelay(publisher, options);
        var second = database.CreateRelay(publisher, options);

        // Each relay keeps passing until the table is drained: a pass may end early on a short
        // batch whose other rows the other relay holds locked.
        await Task.WhenAll(DrainAsync(first, database), DrainAsync(second, database));

        var counts = publisher.Published.CountBy(id => id).ToDictionary();
        Assert.Equal(eventIds.Order(), counts.Keys.Order());
        Assert.All(counts, pair => Assert.Equal(1, pair.Value));
    }

    [Fact]
    public async Task RelayPendingAsync_PublishFails_RowStaysUnsentAndNextPassPublishesIt()
    {
        var database = await TestDatabase.CreateAsync(postgres, "relay_retry");
        var eventIds = await CommitEventsAsync(database, count: 3);
        var publisher = new RecordingPublisher();
        publisher.FailOnce(eventIds[1]);
        var relay = database.CreateRelay(publisher);

        var failed = await relay.RelayPendingAsync(CancellationToken.None);
        var unsentAfterFailure = await database.ScalarAsync<string>("SELECT string_agg(event_id, ',' ORDER BY id) FROM outbox WHERE sent_at IS NULL");
        var retried = await relay.RelayPendingAsync(CancellationToken.None);

        Assert.Equal(1, failed.Published);
        Assert.IsType<IOException>(failed.Failure);
        Assert.Equal($"{eventIds[1]},{eventIds[2]}", unsentAfterFailure);
        Assert.Equal(new OutboxRelayResult(2, null), retried);
        Assert.Equal(2, await database.ScalarAsync<int>($"SELECT attempts FROM outbox WHERE event_id = '{eventIds[1]}'"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE sent_at IS NULL"));
    }

    [Fact]
    public async Task PruneAsync_MixedRows_DeletesOnlyOldSentRowsAndOldInboxRows()
    {
        var database = await TestDatabase.CreateAsync(postgres, "relay_prune");
        await database.ExecuteAsync(
            """
            INSERT INTO outbox (event_id, subject, payload, created_at, sent_at, attempts) VALUES
              ('old-sent',    's', '\x00', now() - interval '3 hours', now() - interval '2 hours', 1),
              ('recent-sent', 's', '\x00', now() - interval '3 hours', now() - interval '1 minute', 1),
              ('old-unsent',  's', '\x00', now() - interval '3 hours', NULL, 7);
            INSERT INTO inbox (message_id, consumer, processed_at) VALUES
              ('old-msg',    'c', now() - interval '2 hours'),
              ('recent-msg', 'c', now() - interval '1 minute');
            """);
        var relay = database.CreateRelay(new RecordingPublisher(), new OutboxOptions
        {
            SentRetention = TimeSpan.FromHours(1),
            DuplicateWindow = TimeSpan.FromMinutes(2),
            InboxRetentionFactor = 30, // one hour
        });

        var result = await relay.PruneAsync(CancellationToken.None);

        Assert.Equal(new OutboxPruneResult(1, 1), result);
        Assert.Equal("old-unsent,recent-sent", await database.ScalarAsync<string>("SELECT string_agg(event_id, ',' ORDER BY event_id) FROM outbox"));
        Assert.Equal("recent-msg", await database.ScalarAsync<string>("SELECT string_agg(message_id, ',') FROM inbox"));
    }

    [Fact]
    public async Task ExecuteAsync_CommitWritesOutboxRows_PublishesWithoutWaitingForThePoll()
    {
        var database = await TestDatabase.CreateAsync(postgres, "relay_signal");
        var publisher = new RecordingPublisher();
        var relay = database.CreateRelay(publisher, new OutboxOptions { PollInterval = TimeSpan.FromHours(1) });
        var before = await CommitEventsAsync(database, count: 1, prefix: "before");
        await relay.StartAsync(CancellationToken.None);
        try
        {
            // The first pass runs at start; after it the relay sleeps for an hour unless woken.
            await Eventually.WaitUntilAsync(() => publisher.Published.Count == 1, Deadline, "the row committed before start");

            var after = await CommitEventsAsync(database, count: 1, prefix: "after");

            await Eventually.WaitUntilAsync(() => publisher.Published.Count == 2, Deadline, "the row committed while the relay slept");
            Assert.Equal([.. before, .. after], publisher.Published);
        }
        finally
        {
            await relay.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task ExecuteAsync_PublishFailsOnce_RetriesAfterBackOffAndPublishes()
    {
        var database = await TestDatabase.CreateAsync(postgres, "relay_backoff");
        var publisher = new RecordingPublisher();
        var eventIds = await CommitEventsAsync(database, count: 2);
        publisher.FailOnce(eventIds[0]);
        var relay = database.CreateRelay(publisher, new OutboxOptions
        {
            PollInterval = TimeSpan.FromHours(1),
            RetryDelay = TimeSpan.FromMilliseconds(50),
        });
        await relay.StartAsync(CancellationToken.None);
        try
        {
            // Rows are marked sent after the publish returns: wait for that, not for the publish.
            await Eventually.WaitUntilAsync(
                async () => await database.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0, Deadline, "both rows sent after the retry");

            Assert.Equal(eventIds.Order(), publisher.Published.Distinct().Order());
        }
        finally
        {
            await relay.StopAsync(CancellationToken.None);
        }
    }

    private static async Task DrainAsync(OutboxRelay<TestModel.TestDbContext> relay, TestDatabase database)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (await database.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE sent_at IS NULL") > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the relays did not drain the outbox in time");
            await relay.RelayPendingAsync(CancellationToken.None);
        }
    }

    /// <summary>Commits <paramref name="count"/> messages with one event each; returns the event ids in commit order.</summary>
    private static async Task<List<string>> CommitEventsAsync(TestDatabase database, int count, string prefix = "evt")
    {
        var eventIds = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var eventId = $"{prefix}:{i:D4}";
            await using var db = database.CreateContext();
            var result = await database.Committer.CommitAsync(
                db, new InboxEntry($"msg-{eventId}", "relay-tests"),
                [new OutgoingMessage(eventId, "parcels.test", Encoding.UTF8.GetBytes(eventId))]);
            Assert.Equal(CommitResult.Committed, result);
            eventIds.Add(eventId);
        }

        return eventIds;
    }
}
