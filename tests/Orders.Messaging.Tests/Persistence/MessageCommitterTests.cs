using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Orders.Messaging.Persistence;
using Orders.Messaging.Pipeline;
using Orders.Messaging.Tests.Support;
using Orders.Messaging.Tests.TestModel;
using Orders.Testing;

namespace Orders.Messaging.Tests.Persistence;

[Collection(PostgresCollection.Name)]
public sealed class MessageCommitterTests(PostgresFixture postgres)
{
    private const string Consumer = "parcel-service";

    [Fact]
    public async Task CommitAsync_VersionedUpdate_WritesEntityInboxAndOutboxTogether()
    {
        var database = await TestDatabase.CreateAsync(postgres, "commit_all");
        var parcel = await database.SeedParcelAsync("p-1");
        await using var db = database.CreateContext();
        parcel.Status = "shipped";
        parcel.Version = 2;
        db.UpdateExpectingVersion(parcel, expectedVersion: 1);

        var result = await database.Committer.CommitAsync(
            db, new InboxEntry("msg-1", Consumer),
            [Event("shipped:p-1:2", new Dictionary<string, string> { ["Orders-Trace"] = "t-1" })]);

        Assert.Equal(CommitResult.Committed, result);
        await using var check = database.CreateContext();
        var stored = await check.Parcels.SingleAsync();
        Assert.Equal(("shipped", 2L), (stored.Status, stored.Version));
        Assert.Equal(Consumer, (await check.Inbox.SingleAsync(m => m.MessageId == "msg-1")).Consumer);
        var outbox = await check.Outbox.SingleAsync();
        Assert.Equal(("shipped:p-1:2", "parcels.shipped", "t-1"), (outbox.EventId, outbox.Subject, outbox.Headers!["Orders-Trace"]));
        Assert.Equal("{\"eventId\":\"shipped:p-1:2\"}", Encoding.UTF8.GetString(outbox.Payload));
        Assert.Null(outbox.SentAt);
    }

    [Fact]
    public async Task CommitAsync_Committed_CountsOutboxEventsBySubject()
    {
        var database = await TestDatabase.CreateAsync(postgres, "commit_metered");
        var subject = $"parcels.metered-{Guid.NewGuid():N}"; // other tests' committers share the meter name
        var counted = 0L;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PipelineStats.MeterName && instrument.Name == "orders.outbox.events")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "subject" && (string?)tag.Value == subject)
                {
                    Interlocked.Add(ref counted, value);
                }
            }
        });
        listener.Start();
        await using var db = database.CreateContext();

        await database.Committer.CommitAsync(
            db, new InboxEntry("msg-1", Consumer), [new OutgoingMessage("e-1", subject, "{}"u8.ToArray()), new OutgoingMessage("e-2", subject, "{}"u8.ToArray())]);

        Assert.Equal(2L, Interlocked.Read(ref counted));
    }

    [Fact]
    public async Task CommitAsync_StatementFailsInsideTransaction_WritesNothing()
    {
        var database = await TestDatabase.CreateAsync(postgres, "commit_atomic");
        var parcel = await database.SeedParcelAsync("p-1");
        await using var db = database.CreateContext();
        parcel.Status = "shipped";
        parcel.Version = 2;
        db.UpdateExpectingVersion(parcel, expectedVersion: 1);
        var broken = new OutgoingMessage("shipped:p-1:2", Subject: null!, "{}"u8.ToArray()); // violates NOT NULL

        await Assert.ThrowsAsync<DbUpdateException>(() => database.Committer.CommitAsync(db, new InboxEntry("msg-1", Consumer), [broken]).AsTask());

        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT version FROM parcels WHERE id = 'p-1'"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM inbox"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM outbox"));
    }

    [Fact]
    public async Task CommitAsync_TwoContextsSameExpectedVersion_ExactlyOneWins()
    {
        var database = await TestDatabase.CreateAsync(postgres, "commit_race");
        await database.SeedParcelAsync("p-1");
        await using var first = database.CreateContext();
        await using var second = database.CreateContext();
        var firstCopy = new Parcel { Id = "p-1", Status = "shipped", Version = 2 };
        var secondCopy = new Parcel { Id = "p-1", Status = "cancelled", Version = 2 };
        first.UpdateExpectingVersion(firstCopy, expectedVersion: 1);
        second.UpdateExpectingVersion(secondCopy, expectedVersion: 1);

        var results = await Task.WhenAll(
            database.Committer.CommitAsync(first, new InboxEntry("msg-a", Consumer), [Event("shipped:p-1:2")]).AsTask(),
            database.Committer.CommitAsync(second, new InboxEntry("msg-b", Consumer), [Event("cancelled:p-1:2")]).AsTask());

        Assert.Equal([CommitResult.Committed, CommitResult.ConcurrencyConflict], results.Order());
        Assert.Equal(2L, await database.ScalarAsync<long>("SELECT version FROM parcels WHERE id = 'p-1'"));
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM inbox"));
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM outbox"));
    }

    [Fact]
    public async Task CommitAsync_StaleExpectedVersion_ReturnsConcurrencyConflictAndWritesNothing()
    {
        var database = await TestDatabase.CreateAsync(postgres, "commit_stale");
        await database.SeedParcelAsync("p-1");
        await using var db = database.CreateContext();
        db.UpdateExpectingVersion(new Parcel { Id = "p-1", Status = "shipped", Version = 6 }, expectedVersion: 5);

        var result = await database.Committer.CommitAsync(db, new InboxEntry("msg-1", Consumer), [Event("shipped:p-1:6")]);

        Assert.Equal(CommitResult.ConcurrencyConflict, result);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM inbox"));
        Assert.Empty(db.ChangeTracker.Entries());
    }

    [Fact]
    public async Task CommitAsync_LostRaces_AreCountedAsConflictsRetried()
    {
        var database = await TestDatabase.CreateAsync(postgres, "commit_count_conflicts");
        await database.SeedParcelAsync("p-1");
        await using (var stale = database.CreateContext())
        {
            stale.UpdateExpectingVersion(new Parcel { Id = "p-1", Status = "shipped", Version = 3 }, expectedVersion: 2);
            await database.Committer.CommitAsync(stale, new InboxEntry("msg-1", Consumer), []);
        }

        await using var createdElsewhere = database.CreateContext();
        createdElsewhere.Parcels.Add(new Parcel { Id = "p-1", Status = "created", Version = 1 });
        await database.Committer.CommitAsync(createdElsewhere, new InboxEntry("msg-2", Consumer), []);

        Assert.Equal(2, database.Stats.Snapshot().ConflictsRetried);
    }

    [Fact]
    public async Task CommitAsync_CommittedOrAlreadyProcessed_CountsNoConflict()
    {
        var database = await TestDatabase.CreateAsync(postgres, "commit_count_none");
        await using (var first = database.CreateContext())
        {
            Assert.Equal(CommitResult.Committed, await database.Committer.CommitAsync(first, new InboxEntry("msg-1", Consumer), []));
        }

        await using var redelivery = database.CreateContext();
        Assert.Equal(CommitResult.AlreadyProcessed, await database.Committer.CommitAsync(redelivery, new InboxEntry("msg-1", Consumer), []));

        Assert.Equal(0, database.Stats.Snapshot().ConflictsRetried);
    }

    [Fact]
    public async Task CommitAsync_DuplicateInboxId_ReturnsAlreadyProcessedAndWritesNoOutboxRows()
    {
        var database = await TestDatabase.CreateAsync(postgres, "commit_duplicate");
        await using (var firstDelivery = database.CreateContext())
        {
            await database.Committer.CommitAsync(firstDelivery, new InboxEntry("msg-1", Consumer), []);
        }

        await using var redelivery = database.CreateContext();
        var result = await database.Committer.CommitAsync(redelivery, new InboxEntry("msg-1", Consumer), [Event("shipped:p-1:2")]);

        Assert.Equal(CommitResult.AlreadyProcessed, result);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM outbox"));
    }

    [Fact]
    public async Task CommitAsync_EntityCreatedElsewhereFirst_ReturnsConcurrencyConflict()
    {
        var database = await TestDatabase.CreateAsync(postgres, "commit_create_race");
        await database.SeedParcelAsync("p-1");
        await using var db = database.CreateContext();
        db.Parcels.Add(new Parcel { Id = "p-1", Status = "created", Version = 1 });

        var result = await database.Committer.CommitAsync(db, new InboxEntry("msg-2", Consumer), [Event("created:p-1:1")]);

        Assert.Equal(CommitResult.ConcurrencyConflict, result);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM outbox"));
    }

    [Fact]
    public async Task CommitAsync_WithOutboxRows_WakesTheRelaySignal()
    {
        var database = await TestDatabase.CreateAsync(postgres, "commit_signal");
        await using var db = database.CreateContext();

        await database.Committer.CommitAsync(db, new InboxEntry("msg-1", Consumer), [Event("created:p-1:1")]);

        Assert.True(await database.Signal.WaitAsync(TimeSpan.FromMilliseconds(1), TimeProvider.System, CancellationToken.None));
    }

    [Fact]
    public async Task CommitAsync_WithoutOutboxRows_LeavesTheRelaySignalQuiet()
    {
        var database = await TestDatabase.CreateAsync(postgres, "commit_quiet");
        await using var db = database.CreateContext();

        await database.Committer.CommitAsync(db, new InboxEntry("msg-1", Consumer), []);

        Assert.False(await database.Signal.WaitAsync(TimeSpan.FromMilliseconds(1), TimeProvider.System, CancellationToken.None));
    }

    [Fact]
    public void UpdateExpectingVersion_NewVersionNotAboveExpected_Throws()
    {
        using var db = new TestDbContext(new DbContextOptionsBuilder<TestDbContext>().UseNpgsql("Host=unused").Options);
        var parcel = new Parcel { Id = "p-1", Status = "shipped", Version = 1 };

        Assert.Throws<ArgumentOutOfRangeException>(() => db.UpdateExpectingVersion(parcel, expectedVersion: 1));
    }

    private static OutgoingMessage Event(string eventId, IReadOnlyDictionary<string, string>? headers = null) =>
        new(eventId, "parcels." + eventId.Split(':')[0], Encoding.UTF8.GetBytes($"{{\"eventId\":\"{eventId}\"}}"), headers);
}
