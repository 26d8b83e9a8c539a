using Microsoft.EntityFrameworkCore;
using Npgsql;
using Orders.StatusService.Persistence;
using Orders.StatusService.Tests.Support;
using Orders.Testing;

namespace Orders.StatusService.Tests.Persistence;

/// <summary>The hand-written migration and snapshot against a real PostgreSQL.</summary>
[Collection(StatusServiceCollection.Name)]
public sealed class MigrationTests(PostgresFixture postgres)
{
    [Fact]
    public async Task HasPendingModelChanges_HandWrittenSnapshot_MatchesTheModel()
    {
        await using var db = await CreateContextAsync("status_snapshot");

        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public async Task MigrateAsync_EmptyDatabase_CreatesTablesWithIntegerVersionAndNewestByStatusIndex()
    {
        await using var db = await CreateContextAsync("status_migrate");

        await db.Database.MigrateAsync();

        var connectionString = db.Database.GetConnectionString()!;
        Assert.Equal(
            "inbox,order_history,order_views,outbox",
            await ScalarAsync<string>(connectionString,
                "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '__EFMigrationsHistory'"));
        Assert.Equal(
            "integer",
            await ScalarAsync<string>(connectionString,
                "SELECT data_type FROM information_schema.columns WHERE table_name = 'order_views' AND column_name = 'version'"));
        Assert.Contains(
            "(status, updated_at DESC)",
            await ScalarAsync<string>(connectionString, "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_order_views_status_updated_at'"),
            StringComparison.Ordinal);
    }

    private async Task<StatusDbContext> CreateContextAsync(string name) =>
        StatusDatabase.CreateContext(await postgres.CreateDatabaseAsync(name, ownerRole: name + "_owner"));

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
