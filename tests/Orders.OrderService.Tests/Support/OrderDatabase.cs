using Microsoft.EntityFrameworkCore;
using Npgsql;
using Orders.OrderService.Persistence;
using Orders.Testing;

namespace Orders.OrderService.Tests.Support;

/// <summary>
/// A fresh order-service database owned by a least-privilege role, migrated, plus plain-SQL
/// probes that read it independently of the code under test.
/// </summary>
internal sealed class OrderDatabase
{
    private OrderDatabase(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public static async Task<OrderDatabase> CreateAsync(PostgresFixture postgres, string name)
    {
        var database = new OrderDatabase(await postgres.CreateDatabaseAsync(name, ownerRole: name + "_owner"));
        var options = new DbContextOptionsBuilder<OrdersDbContext>().UseNpgsql(database.ConnectionString).Options;
        await using var db = new OrdersDbContext(options);
        await db.Database.MigrateAsync();
        return database;
    }

    /// <summary>The stored (status, version) of an order, or null when there is no row.</summary>
    public async Task<(string Status, long Version)?> OrderAsync(string orderId)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status, version FROM orders WHERE order_id = @id", connection);
        command.Parameters.AddWithValue("id", orderId);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetString(0), reader.GetInt64(1)) : null;
    }

    /// <summary>When the order's last accepted change happened, as stored.</summary>
    public async Task<DateTimeOffset> UpdatedAtAsync(string orderId)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("SELECT updated_at FROM orders WHERE order_id = @id", connection);
        command.Parameters.AddWithValue("id", orderId);
        return new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync())!, TimeSpan.Zero);
    }

    /// <summary>Event ids in the outbox for an order (sent or not), in commit order.</summary>
    public async Task<IReadOnlyList<string>> OutboxEventIdsAsync(string orderId)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT event_id FROM outbox WHERE convert_from(payload, 'UTF8')::jsonb ->> 'orderId' = @id ORDER BY id", connection);
        command.Parameters.AddWithValue("id", orderId);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>Request ids answered for an order, with their outcome.</summary>
    public async Task<IReadOnlyDictionary<string, string>> RequestsAsync(string orderId)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("SELECT request_id, outcome FROM order_requests WHERE order_id = @id", connection);
        command.Parameters.AddWithValue("id", orderId);
        var requests = new Dictionary<string, string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            requests[reader.GetString(0)] = reader.GetString(1);
        }

        return requests;
    }

    /// <summary>Outbox rows not yet published.</summary>
    public async Task<long> UnsentOutboxRowsAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM outbox WHERE sent_at IS NULL", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
