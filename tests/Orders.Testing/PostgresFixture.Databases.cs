using System.Collections.Concurrent;
using System.Text;
using Npgsql;

namespace Orders.Testing;

public sealed partial class PostgresFixture
{
    private const int MaxIdentifierLength = 63;

    // Every connection string handed out (to clear its pool on stop); value unused.
    private readonly ConcurrentDictionary<string, byte> _handedOut = new();

    // What this fixture created on an external server, dropped again on dispose.
    private readonly ConcurrentQueue<string> _createdDatabases = new();
    private readonly ConcurrentQueue<string> _createdRoles = new();

    /// <summary>Superuser (or external admin) connection string for <paramref name="database"/>.</summary>
    public string ConnectionString(string database)
    {
        NpgsqlConnectionStringBuilder builder;
        if (_external is not null)
        {
            builder = new NpgsqlConnectionStringBuilder(_external.ConnectionString) { Database = database };
        }
        else
        {
            var server = _server ?? throw new InvalidOperationException("The server has not been started.");
            builder = new NpgsqlConnectionStringBuilder
            {
                Host = server.Host,
                Port = server.Port,
                Username = server.SuperUser,
                Password = server.SuperUserPassword,
                Database = database,
            };
        }

        // Tests read server error details (constraint names, values) when something fails.
        builder.IncludeErrorDetail = true;
        return HandOut(builder.ConnectionString);
    }

    /// <summary>
    /// Creates a database with a unique name derived from <paramref name="name"/>, so parallel test
    /// classes never collide, and returns its connection string. With <paramref name="ownerRole"/>
    /// it also creates a login role (unique name derived from it, generated password, no
    /// superuser/createdb/createrole) that owns only this database, nobody else may connect to the
    /// database, and the returned connection string logs in as that role (least-privilege tests).
    /// Without it the returned connection string is the superuser's.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string name, string? ownerRole = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var database = UniqueIdentifier(name);

        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync(ct).ConfigureAwait(false);

        if (ownerRole is null)
        {
            await ExecuteAsync(admin, $"CREATE DATABASE {Quote(database)}", ct).ConfigureAwait(false);
            _createdDatabases.Enqueue(database);
            return ConnectionString(database);
        }

        var role = UniqueIdentifier(ownerRole);
        var password = NewSecret(); // hex only, so it can be inlined in the DDL (no parameters there)
        await ExecuteAsync(admin, $"CREATE ROLE {Quote(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '{password}'", ct).ConfigureAwait(false);
        _createdRoles.Enqueue(role);
        await ExecuteAsync(admin, $"CREATE DATABASE {Quote(database)} OWNER {Quote(role)}", ct).ConfigureAwait(false);
        _createdDatabases.Enqueue(database);
        await ExecuteAsync(admin, $"REVOKE ALL ON DATABASE {Quote(database)} FROM PUBLIC", ct).ConfigureAwait(false);

        var builder = new NpgsqlConnectionStringBuilder(ConnectionString(database))
        {
            Username = role,
            Password = password,
        };
        return HandOut(builder.ConnectionString);
    }

    private async Task DropCreatedObjectsAsync()
    {
        if (_createdDatabases.IsEmpty && _createdRoles.IsEmpty)
        {
            return;
        }

        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync().ConfigureAwait(false);
        while (_createdDatabases.TryDequeue(out var database))
        {
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {Quote(database)} WITH (FORCE)", CancellationToken.None).ConfigureAwait(false);
        }

        while (_createdRoles.TryDequeue(out var role))
        {
            await ExecuteAsync(admin, $"DROP ROLE IF EXISTS {Quote(role)}", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private string HandOut(string connectionString)
    {
        _handedOut.TryAdd(connectionString, 0);
        return connectionString;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Lower-case <c>[a-z0-9_]</c> form of <paramref name="name"/> plus a random suffix, within PostgreSQL's 63-byte limit.</summary>
    private static string UniqueIdentifier(string name)
    {
        var cleaned = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            cleaned.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '_');
        }

        var suffix = "_" + NewSecret()[..10];
        var stem = cleaned.ToString();
        if (stem.Length == 0 || char.IsDigit(stem[0]))
        {
            stem = "t_" + stem;
        }

        return stem[..Math.Min(stem.Length, MaxIdentifierLength - suffix.Length)] + suffix;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
