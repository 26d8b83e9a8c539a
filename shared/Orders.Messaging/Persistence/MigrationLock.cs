using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Orders.Messaging.Persistence;

/// <summary>Applying a service's migrations when several of its instances start at once.</summary>
public static class MigrationLock
{
    /// <summary>
    /// The advisory lock key held while migrating. PostgreSQL scopes advisory locks to the current
    /// database, and each service has a database of its own, so one constant serves every service.
    /// </summary>
    public const long Key = 0x4f72646572734d31; // "OrdersM1"

    /// <summary>
    /// Applies pending migrations while holding a session-level PostgreSQL advisory lock, so that
    /// instances starting together migrate one after another and the later ones find nothing to do.
    /// EF Core's own migration lock did not prevent it here: two compose instances applied the same
    /// <c>ALTER TABLE</c> at once and one failed ("column already exists"), then retried.
    /// </summary>
    /// <remarks>
    /// The lock lives on a connection of its own, outside the pool, and is released by closing it:
    /// pooled connections are not reset (<see cref="ConnectionStringDefaults"/>), so a session lock
    /// taken on one would outlive this call.
    /// </remarks>
    public static async Task MigrateOneAtATimeAsync(this DatabaseFacade database, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        var connectionString = database.GetConnectionString()
            ?? throw new InvalidOperationException("The context has no connection string to take the migration lock with.");
        var unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        await using var lockConnection = new NpgsqlConnection(unpooled);
        await lockConnection.OpenAsync(ct).ConfigureAwait(false);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock($1)", lockConnection))
        {
            take.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Key });
            await take.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        // On an empty database EF Core first reads the history table that is not there yet and logs
        // that failed SELECT as an error ("fail: ... Failed executing DbCommand") at every first
        // start; creating the table first (what EF Core would do next anyway) keeps the log honest.
        await database.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct).ConfigureAwait(false);
        await database.MigrateAsync(ct).ConfigureAwait(false);
    }
}
