using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Orders.Messaging.Outbox;
using Orders.Messaging.Persistence;
using Orders.Messaging.Pipeline;
using Orders.StatusService.Persistence;
using Orders.StatusService.Projection;
using Orders.Testing;

namespace Orders.StatusService.Tests.Support;

/// <summary>A status-service database (fresh, owned by its own least-privilege role) and the service's store on it.</summary>
internal static class StatusDatabase
{
    /// <summary>Creates the database and applies the service's migrations, as the service does at start.</summary>
    public static async Task<string> CreateMigratedAsync(PostgresFixture postgres, string name)
    {
        var connectionString = await postgres.CreateDatabaseAsync(name, ownerRole: name + "_owner");
        await using var db = CreateContext(connectionString);
        await db.Database.MigrateAsync();
        return connectionString;
    }

    public static StatusDbContext CreateContext(string connectionString) =>
        new(new DbContextOptionsBuilder<StatusDbContext>().UseNpgsql(connectionString).Options);

    /// <summary>
    /// The service's <see cref="OrderViewStore"/> wired as the service wires it: what another
    /// instance would use to write a view behind an instance's back.
    /// </summary>
    public static OrderViewStore CreateStore(string connectionString)
    {
        var options = new DbContextOptionsBuilder<StatusDbContext>().UseNpgsql(connectionString).Options;
        var committer = new MessageCommitter(new OutboxSignal(), new PipelineStats(), TimeProvider.System, NullLogger<MessageCommitter>.Instance);
        return new OrderViewStore(new PooledDbContextFactory<StatusDbContext>(options), committer, new OrderViewQueries());
    }
}
