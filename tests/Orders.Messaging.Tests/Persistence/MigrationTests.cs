using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Orders.Messaging.Persistence;
using Orders.Messaging.Tests.Support;
using Orders.Messaging.Tests.TestModel;
using Orders.Testing;

namespace Orders.Messaging.Tests.Persistence;

[Collection(PostgresCollection.Name)]
public sealed class MigrationTests(PostgresFixture postgres)
{
    [Fact]
    public async Task MigrateAsync_EmptyDatabase_CreatesServiceInboxAndOutboxTables()
    {
        var database = await TestDatabase.CreateAsync(postgres, "migrate_empty", migrate: false);
        await using var db = database.CreateContext();

        await db.Database.MigrateAsync();

        var tables = await database.ScalarAsync<string>(
            "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables " +
            "WHERE table_schema = 'public' AND table_name IN ('parcels', 'inbox', 'outbox')");
        Assert.Equal("inbox,outbox,parcels", tables);
    }

    [Fact]
    public async Task MigrateAsync_AppliedTwice_SecondRunChangesNothing()
    {
        var database = await TestDatabase.CreateAsync(postgres, "migrate_twice");
        await using var db = database.CreateContext();

        await db.Database.MigrateAsync();

        Assert.Equal(["2026112101_Initial", "2026120501_OutboxTraceParent"], await db.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task MigrateOneAtATimeAsync_FourInstancesStartingTogether_AllSucceedAndEachMigrationAppliesOnce()
    {
        var database = await TestDatabase.CreateAsync(postgres, "migrate_together", migrate: false);
        var contexts = Enumerable.Range(0, 4).Select(_ => database.CreateContext()).ToArray();
        try
        {
            // Without the lock, two of these run the same ALTER TABLE and one fails ("already exists").
            await Task.WhenAll(contexts.Select(db => db.Database.MigrateOneAtATimeAsync()));
        }
        finally
        {
            foreach (var db in contexts)
            {
                await db.DisposeAsync();
            }
        }

        await using var check = database.CreateContext();
        Assert.Equal(["2026112101_Initial", "2026120501_OutboxTraceParent"], await check.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task MigrateOneAtATimeAsync_EmptyDatabase_LogsNoFailedCommand()
    {
        var database = await TestDatabase.CreateAsync(postgres, "migrate_quiet", migrate: false);
        var errors = new List<string>();
        var options = new DbContextOptionsBuilder<TestDbContext>()
            .UseNpgsql(database.ConnectionString)
            .LogTo(line => errors.Add(line), LogLevel.Error)
            .Options;
        await using var db = new TestDbContext(options);

        await db.Database.MigrateOneAtATimeAsync();

        // Plain MigrateAsync logs "Failed executing DbCommand ... __EFMigrationsHistory" here.
        Assert.Empty(errors);
    }

    [Fact]
    public async Task MigrateOneAtATimeAsync_Finished_ReleasesTheLock()
    {
        var database = await TestDatabase.CreateAsync(postgres, "migrate_unlock", migrate: false);
        await using (var db = database.CreateContext())
        {
            await db.Database.MigrateOneAtATimeAsync();
        }

        Assert.True(await database.ScalarAsync<bool>($"SELECT pg_try_advisory_lock({MigrationLock.Key})"));
    }

    [Fact]
    public async Task HasPendingModelChanges_HandWrittenSnapshot_MatchesTheModel()
    {
        var database = await TestDatabase.CreateAsync(postgres, "migrate_snapshot", migrate: false);
        await using var db = database.CreateContext();

        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public async Task MigrateAsync_EmptyDatabase_CreatesPartialIndexOnUnsentOutboxRows()
    {
        var database = await TestDatabase.CreateAsync(postgres, "migrate_index");

        var definition = await database.ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_outbox_unsent'");

        Assert.Contains("WHERE (sent_at IS NULL)", definition, StringComparison.Ordinal);
    }
}
