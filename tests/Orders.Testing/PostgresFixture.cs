using System.Collections.Concurrent;
using System.Security.Cryptography;
using Npgsql;
using Orders.Testing.Postgres;
using Xunit;

namespace Orders.Testing;

/// <summary>
/// A real PostgreSQL server with a throw-away data directory, from one of three backends (see
/// <see cref="PostgresBackend"/>, chosen by <c>ORDERS_TEST_PG</c>): a <c>postgres:16</c> container
/// through Testcontainers (the default when a Docker engine answers), a cluster of the host's
/// PostgreSQL 15 binaries (<c>process</c>, the fallback), or an existing server (a connection string).
/// Use it as an xunit collection fixture (one server shared by many test classes, each creating its
/// own database with <see cref="CreateDatabaseAsync"/>) or own a private one with
/// <see cref="StartNewAsync(CancellationToken)"/> when a test stops or restarts the server.
/// <see cref="StopAsync"/>/<see cref="StartAsync"/>/<see cref="RestartAsync"/> keep the port and the
/// data, so fault tests can check what survives. On an external server the fixture starts nothing,
/// restarts are unsupported (see <see cref="RequiresLocalPostgresFactAttribute"/>) and only what it
/// created is dropped on dispose.
/// </summary>
public sealed partial class PostgresFixture : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>
    /// Environment variable choosing the backend: <c>container</c>, <c>process</c>, or a connection
    /// string (a role allowed to create roles and databases); unset means container when a Docker
    /// engine answers, process otherwise.
    /// </summary>
    public const string BackendVariable = "ORDERS_TEST_PG";

    /// <summary>Same variable as <see cref="BackendVariable"/>; the name it had when it only held a connection string.</summary>
    public const string ExternalConnectionStringVariable = BackendVariable;

    /// <summary>Environment variable overriding the directory of the PostgreSQL server binaries (process backend).</summary>
    public const string BinDirectoryVariable = "ORDERS_PG_BIN";

    private const string DefaultBinDirectory = "/usr/lib/postgresql/15/bin";
    private const string SuperUser = "postgres";
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(30);

    // Safety net: if the test host exits without disposing (crash, Ctrl+C), no server is left running.
    private static readonly ConcurrentDictionary<IPgServer, byte> LiveServers = new();

    private readonly PostgresBackend _backend;
    private readonly NpgsqlConnectionStringBuilder? _external;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private IPgServer? _server;
    private bool _running;
    private bool _disposed;

    static PostgresFixture()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var server in LiveServers.Keys)
            {
                server.Abandon();
            }
        };
    }

    /// <summary>Creates the shared fixture on the backend <c>ORDERS_TEST_PG</c> selects.</summary>
    public PostgresFixture() : this(PostgresBackendSelection.Shared())
    {
        PostgresBackendSelection.Report(_backend);
    }

    private PostgresFixture(PostgresBackend backend)
    {
        _backend = backend;
        if (backend == PostgresBackend.External)
        {
            _external = new NpgsqlConnectionStringBuilder(PostgresBackendSelection.Setting);
        }
    }

    /// <summary>The backend this fixture's server comes from.</summary>
    public PostgresBackend Backend => _backend;

    /// <summary>True when the fixture uses the server named by <c>ORDERS_TEST_PG</c> (no stop/restart).</summary>
    public bool IsExternal => _external is not null;

    /// <summary>The host port of the local server (the external server's port otherwise); the same after restarts.</summary>
    public int Port => _external?.Port ?? _server?.Port ?? throw new InvalidOperationException("The server has not been started.");

    /// <summary>Docker's id of the container (container backend only), the same after restarts.</summary>
    public string? ContainerId => (_server as PgContainer)?.ContainerId;

    /// <summary>Superuser (or external admin) connection string for the <c>postgres</c> maintenance database.</summary>
    public string AdminConnectionString => ConnectionString(_external?.Database ?? "postgres");

    /// <summary>
    /// Starts a private server owned by the caller, who must dispose it: on the backend
    /// <c>ORDERS_TEST_PG</c> selects, except that a connection string there is ignored (container
    /// when a Docker engine answers, process otherwise), because such tests stop and restart the server.
    /// </summary>
    public static Task<PostgresFixture> StartNewAsync(CancellationToken ct = default)
    {
        var backend = PostgresBackendSelection.Local();
        PostgresBackendSelection.Report(backend);
        return StartNewAsync(backend, ct);
    }

    /// <summary>Starts a private server on <paramref name="backend"/> (container or process), owned by the caller.</summary>
    public static async Task<PostgresFixture> StartNewAsync(PostgresBackend backend, CancellationToken ct = default)
    {
        if (backend == PostgresBackend.External)
        {
            throw new ArgumentException("A private server is started by the fixture; pick Container or Process.", nameof(backend));
        }

        var fixture = new PostgresFixture(backend);
        try
        {
            await fixture.StartAsync(ct).ConfigureAwait(false);
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    Task IAsyncLifetime.InitializeAsync() => StartAsync();

    /// <inheritdoc />
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>
    /// Starts the server: on first call creates it (<c>initdb</c>, or a new container) on a free port,
    /// later calls start it again on the same port with the same data. Returns once it accepts connections.
    /// </summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        await _lifecycle.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_external is not null)
            {
                await WaitUntilAcceptingAsync(ct).ConfigureAwait(false);
                return;
            }

            if (_running)
            {
                return;
            }

            if (_server is null)
            {
                _server = _backend == PostgresBackend.Container
                    ? new PgContainer(SuperUser)
                    : new PgProcessServer(ResolveBinDirectory(), SuperUser);
                LiveServers[_server] = 0;
            }

            await _server.StartAsync(ct).ConfigureAwait(false);

            _running = true;
            await WaitUntilAcceptingAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops the server (fast shutdown: open sessions are ended), keeping its data and port.</summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        await _lifecycle.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ThrowIfExternal("stop");
            if (!_running || _server is null)
            {
                return;
            }

            await _server.StopAsync(ct).ConfigureAwait(false);
            _running = false;

            // Idle pooled connections now point at a dead server; drop them so the next open is fresh.
            foreach (var connectionString in _handedOut.Keys)
            {
                using var connection = new NpgsqlConnection(connectionString);
                NpgsqlConnection.ClearPool(connection);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops then starts the server, keeping its data and port.</summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        await StopAsync(ct).ConfigureAwait(false);
        await StartAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops the local server and deletes it with its data (also after a failed start), or drops the
    /// databases and roles this fixture created on an external server.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_external is not null)
            {
                await DropCreatedObjectsAsync().ConfigureAwait(false);
                return;
            }

            if (_server is not null)
            {
                // The data is thrown away, so there is nothing worth a clean checkpoint.
                await _server.DisposeAsync(StopDeadline).ConfigureAwait(false);
                LiveServers.TryRemove(_server, out _);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private async Task WaitUntilAcceptingAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + StartDeadline;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString);
                await connection.OpenAsync(ct).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException && DateTime.UtcNow < deadline)
            {
                // "the database system is starting up" or a refused socket: poll again shortly.
                await Task.Delay(TimeSpan.FromMilliseconds(50), ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL did not accept connections within {StartDeadline.TotalSeconds:0}s: {ex.Message}" +
                    (_server is null ? "" : Environment.NewLine + await _server.ReadLogTailAsync().ConfigureAwait(false)), ex);
            }
        }
    }

    private void ThrowIfExternal(string operation)
    {
        if (_external is not null)
        {
            throw new NotSupportedException(
                $"Cannot {operation} the external server named by {ExternalConnectionStringVariable}; use PostgresFixture.StartNewAsync() for a private server.");
        }
    }

    internal static string ResolveBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable(BinDirectoryVariable);
        return string.IsNullOrWhiteSpace(configured) ? DefaultBinDirectory : configured.Trim();
    }

    private static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
