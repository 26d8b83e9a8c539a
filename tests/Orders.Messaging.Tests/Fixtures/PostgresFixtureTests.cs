using Npgsql;
using Orders.Testing;

namespace Orders.Messaging.Tests.Fixtures;

[Collection(PostgresCollection.Name)]
public sealed class PostgresFixtureTests(PostgresFixture postgres)
{
    [Fact]
    public async Task CreateDatabaseAsync_WithoutOwner_ReturnsConnectableDatabase()
    {
        var connectionString = await postgres.CreateDatabaseAsync("fixture_plain");

        var database = await ScalarAsync<string>(connectionString, "SELECT current_database()");

        Assert.Equal(new NpgsqlConnectionStringBuilder(connectionString).Database, database);
    }

    [Fact]
    public async Task CreateDatabaseAsync_SameNameTwice_CreatesDistinctDatabases()
    {
        var first = await postgres.CreateDatabaseAsync("fixture_twice");
        var second = await postgres.CreateDatabaseAsync("fixture_twice");

        Assert.NotEqual(new NpgsqlConnectionStringBuilder(first).Database, new NpgsqlConnectionStringBuilder(second).Database);
    }

    [Fact]
    public async Task CreateDatabaseAsync_WithOwnerRole_ConnectsAsThatRoleWhichOwnsTheDatabase()
    {
        var connectionString = await postgres.CreateDatabaseAsync("fixture_owned", ownerRole: "fixture_owner");
        var builder = new NpgsqlConnectionStringBuilder(connectionString);

        var owner = await ScalarAsync<string>(
            connectionString, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()");
        var isSuperuser = await ScalarAsync<bool>(connectionString, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user");

        Assert.Equal(builder.Username, owner);
        Assert.False(isSuperuser);
    }

    [Fact]
    public async Task CreateDatabaseAsync_WithOwnerRole_OtherDatabasesRefuseThatRole()
    {
        var own = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync("fixture_mine", ownerRole: "fixture_me"));
        var other = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync("fixture_theirs", ownerRole: "fixture_them"));
        var intruder = new NpgsqlConnectionStringBuilder(own.ConnectionString) { Database = other.Database };

        var error = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync<int>(intruder.ConnectionString, "SELECT 1"));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task RestartAsync_PrivateCluster_KeepsDataAndPort()
    {
        await using var cluster = await PostgresFixture.StartNewAsync();
        var connectionString = await cluster.CreateDatabaseAsync("fixture_restart");
        await ScalarAsync<int>(connectionString, "CREATE TABLE kept (value int); INSERT INTO kept VALUES (42); SELECT 1");
        var port = cluster.Port;

        await cluster.RestartAsync();

        Assert.Equal(port, cluster.Port);
        Assert.Equal(42, await ScalarAsync<int>(connectionString, "SELECT value FROM kept"));
    }

    [RequiresPostgresBackendFact(PostgresBackend.Container)]
    public async Task RestartAsync_Container_KeepsDataInTheSameContainerOnTheSamePort()
    {
        await using var server = await PostgresFixture.StartNewAsync(PostgresBackend.Container);
        var connectionString = await server.CreateDatabaseAsync("fixture_container_restart");
        await ScalarAsync<int>(connectionString, "CREATE TABLE kept (value int); INSERT INTO kept VALUES (42); SELECT 1");
        var before = (server.ContainerId, server.Port);

        await server.RestartAsync();

        Assert.Equal(before, (server.ContainerId, server.Port));
        Assert.Equal(42, await ScalarAsync<int>(connectionString, "SELECT value FROM kept"));
    }

    [RequiresPostgresBackendFact(PostgresBackend.Process)]
    public async Task RestartAsync_Process_KeepsDataAndPort()
    {
        await using var server = await PostgresFixture.StartNewAsync(PostgresBackend.Process);
        var connectionString = await server.CreateDatabaseAsync("fixture_process_restart");
        await ScalarAsync<int>(connectionString, "CREATE TABLE kept (value int); INSERT INTO kept VALUES (42); SELECT 1");
        var port = server.Port;

        await server.RestartAsync();

        Assert.Equal(port, server.Port);
        Assert.Equal(42, await ScalarAsync<int>(connectionString, "SELECT value FROM kept"));
    }

    [Fact]
    public async Task StopAsync_PrivateCluster_RefusesConnectionsUntilStarted()
    {
        await using var cluster = await PostgresFixture.StartNewAsync();
        var connectionString = cluster.ConnectionString("postgres");

        await cluster.StopAsync();
        await Assert.ThrowsAsync<NpgsqlException>(() => ScalarAsync<int>(connectionString, "SELECT 1"));
        await cluster.StartAsync();

        Assert.Equal(1, await ScalarAsync<int>(connectionString, "SELECT 1"));
    }

    [Fact]
    public async Task DisposeAsync_PrivateCluster_StopsTheServer()
    {
        var cluster = await PostgresFixture.StartNewAsync();
        var connectionString = cluster.ConnectionString("postgres");
        await ScalarAsync<int>(connectionString, "SELECT 1");

        await cluster.DisposeAsync();

        await Assert.ThrowsAsync<NpgsqlException>(() => ScalarAsync<int>(connectionString, "SELECT 1"));
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        // No pooling: each call proves the server accepts a brand-new connection right now.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
