using Npgsql;
using Orders.Messaging.Hosting;
using Orders.Messaging.Persistence;
using Orders.Messaging.Tests.Support;
using Orders.Testing;

namespace Orders.Messaging.Tests.Persistence;

[Collection(PostgresCollection.Name)]
public sealed class ConnectionStringDefaultsTests(PostgresFixture postgres)
{
    [Fact]
    public void EffectiveConnectionString_NothingNamed_SkipsResetAndAutoPrepares()
    {
        var options = new PostgresOptions { ConnectionString = "Host=db;Database=orders_order;Username=order_service" };

        var effective = new NpgsqlConnectionStringBuilder(options.EffectiveConnectionString);

        Assert.True(effective.NoResetOnClose);
        Assert.Equal(ConnectionStringDefaults.MaxAutoPrepare, effective.MaxAutoPrepare);
    }

    [Fact]
    public void EffectiveConnectionString_SettingsNamed_KeepsThem()
    {
        var options = new PostgresOptions { ConnectionString = "Host=db;No Reset On Close=false;MaxAutoPrepare=0" };

        var effective = new NpgsqlConnectionStringBuilder(options.EffectiveConnectionString);

        Assert.False(effective.NoResetOnClose);
        Assert.Equal(0, effective.MaxAutoPrepare);
    }

    // What makes skipping the reset safe: a connection given back inside a transaction (an exception
    // between BEGIN and COMMIT) must not hand that transaction to the pool's next user.
    [Fact]
    public async Task PooledConnection_ClosedInsideTransaction_NextUserSeesItRolledBack()
    {
        var database = await TestDatabase.CreateAsync(postgres, "no_reset");
        var connectionString = new PostgresOptions { ConnectionString = database.ConnectionString + ";Maximum Pool Size=1" }.EffectiveConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        int firstBackend;
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            firstBackend = await ScalarAsync<int>(connection, "SELECT pg_backend_pid()");
            await ExecuteAsync(connection, "BEGIN; INSERT INTO parcels (id, status, version) VALUES ('p-open', 'created', 1)");
        }

        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            Assert.Equal(firstBackend, await ScalarAsync<int>(connection, "SELECT pg_backend_pid()"));
            // Inside the left-open transaction its own insert would be visible.
            Assert.Equal(0L, await ScalarAsync<long>(connection, "SELECT count(*) FROM parcels"));
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
