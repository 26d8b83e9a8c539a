using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orders.Messaging.Outbox;
using Orders.Messaging.Persistence;
using Orders.Messaging.Pipeline;
using Orders.Messaging.Tests.TestModel;
using Orders.Testing;

namespace Orders.Messaging.Tests.Support;

/// <summary>
/// A fresh database per test, owned by a least-privilege role (as a service's would be), with the
/// test model migrated in, plus the messaging objects wired the way a service's DI would.
/// </summary>
public sealed class TestDatabase
{
    private TestDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        var options = new DbContextOptionsBuilder<TestDbContext>().UseNpgsql(connectionString).Options;
        Factory = new PooledDbContextFactory<TestDbContext>(options);
        Committer = new MessageCommitter(Signal, Stats, TimeProvider.System, NullLogger<MessageCommitter>.Instance);
    }

    public string ConnectionString { get; }

    public IDbContextFactory<TestDbContext> Factory { get; }

    public OutboxSignal Signal { get; } = new();

    /// <summary>Where <see cref="Committer"/> counts lost races.</summary>
    public PipelineStats Stats { get; } = new();

    public MessageCommitter Committer { get; }

    /// <summary>Creates an empty database; <paramref name="migrate"/> applies the test model's migrations.</summary>
    public static async Task<TestDatabase> CreateAsync(PostgresFixture postgres, string name, bool migrate = true)
    {
        var database = new TestDatabase(await postgres.CreateDatabaseAsync(name, ownerRole: name + "_owner"));
        if (migrate)
        {
            await using var db = database.Factory.CreateDbContext();
            await db.Database.MigrateAsync();
        }

        return database;
    }

    public TestDbContext CreateContext() => Factory.CreateDbContext();

    public OutboxRelay<TestDbContext> CreateRelay(IOutboxPublisher publisher, OutboxOptions? options = null) =>
        new(Factory, publisher, Signal, options ?? new OutboxOptions(), TimeProvider.System, NullLogger<OutboxRelay<TestDbContext>>.Instance);

    /// <summary>Inserts a parcel at version 1, committed on its own.</summary>
    public async Task<Parcel> SeedParcelAsync(string id)
    {
        await using var db = CreateContext();
        var parcel = new Parcel { Id = id, Status = "created", Version = 1 };
        db.Parcels.Add(parcel);
        await db.SaveChangesAsync();
        return new Parcel { Id = id, Status = parcel.Status, Version = parcel.Version };
    }

    /// <summary>Runs a scalar query with plain ADO.NET (independent of the code under test).</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Runs a statement with plain ADO.NET.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
