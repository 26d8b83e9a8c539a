using System.Collections.Concurrent;
using System.Security.Cryptography;
using Npgsql;
using Orders.Testing.Postgres;
using Xunit;

namespace Orders.Testing;

/// <summary>
/// A real PostgreSQL 15 cluster (<c>initdb</c> + <c>pg_ctl</c>) on a free 127.0.0.1 port with a
/// throw-away data directory. Use it as an xunit collection fixture (one cluster shared by many test
/// classes, each creating its own database with <see cref="CreateDatabaseAsync"/>) or own a private
/// one with <see cref="StartNewAsync"/> when a test stops or restarts the server.
/// <see cref="StopAsync"/>/<see cref="StartAsync"/>/<see cref="RestartAsync"/> keep the port and the
/// data, so fault tests can check what survives.
/// When <c>ORDERS_TEST_PG</c> holds a connection string (a role allowed to create roles and
/// databases), the shared fixture uses that server instead and starts nothing; restarts are then
/// unsupported (see <see cref="RequiresLocalPostgresFactAttribute"/>).
/// </summary>
public sealed partial class PostgresFixture : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>Environment variable holding a connection string to an existing server to use instead of starting one.</summary>
    public const string ExternalConnectionStringVariable = "ORDERS_TEST_PG";

    /// <summary>Environment variable overriding the directory of the PostgreSQL server binaries.</summary>
    public const string BinDirectoryVariable = "ORDERS_PG_BIN";

    private const string DefaultBinDirectory = "/usr/lib/postgresql/15/bin";
    private const string SuperUser = "postgres";
    private const int MaxStartAttempts = 3;
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(30);

    // Safety net: if the test host exits without disposing (crash, Ctrl+C), no cluster is left running.
    private static readonly ConcurrentDictionary<string, PgCluster> LiveClusters = new();

    private readonly NpgsqlConnectionStringBuilder? _external;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private PgCluster? _cluster;
    private bool _running;
    private bool _disposed;

    static PostgresFixture()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var cluster in LiveClusters.Values)
            {
                cluster.KillPostmaster();
            }
        };
    }

    /// <summary>Creates the shared fixture: a local cluster, or the server named by <c>ORDERS_TEST_PG</c>.</summary>
    public PostgresFixture() : this(allowExternal: true)
    {
    }

    private PostgresFixture(bool allowExternal)
    {
        var external = allowExternal ? Environment.GetEnvironmentVariable(ExternalConnectionStringVariable) : null;
        _external = string.IsNullOrWhiteSpace(external) ? null : new NpgsqlConnectionStringBuilder(external.Trim());
    }

    /// <summary>True when the fixture uses the server named by <c>ORDERS_TEST_PG</c> (no stop/restart).</summary>
    public bool IsExternal => _external is not null;

    /// <summary>The loopback port of the local cluster (the external server's port otherwise).</summary>
    public int Port => _external?.Port ?? _cluster?.Port ?? throw new InvalidOperationException("The cluster has not been started.");

    /// <summary>Superuser (or external admin) connection string for the <c>postgres</c> maintenance database.</summary>
    public string AdminConnectionString => ConnectionString(_external?.Database ?? "postgres");

    /// <summary>
    /// Starts a private local cluster owned by the caller, who must dispose it. Always local (even
    /// when <c>ORDERS_TEST_PG</c> is set), because such tests stop and restart the server.
    /// </summary>
    public static async Task<PostgresFixture> StartNewAsync(CancellationToken ct = default)
    {
        var fixture = new PostgresFixture(allowExternal: false);
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
    /// Starts the cluster: on first call creates it (<c>initdb</c>) and picks a free port, later calls
    /// restart it on the same port with the same data. Returns once it accepts connections.
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

            if (_cluster is null)
            {
                _cluster = await PgCluster.CreateAsync(ResolveBinDirectory(), SuperUser, ct).ConfigureAwait(false);
                LiveClusters[_cluster.RootDirectory] = _cluster;
                await StartOnFreePortAsync(_cluster, ct).ConfigureAwait(false);
            }
            else
            {
                await _cluster.StartAsync(StartDeadline, ct).ConfigureAwait(false);
            }

            _running = true;
            await WaitUntilAcceptingAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops the cluster (fast shutdown: open sessions are ended), keeping its data and port.</summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        await _lifecycle.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ThrowIfExternal("stop");
            if (!_running || _cluster is null)
            {
                return;
            }

            await _cluster.StopAsync(immediate: false, StopDeadline, ct).ConfigureAwait(false);
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

    /// <summary>Stops then starts the cluster, keeping its data and port.</summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        await StopAsync(ct).ConfigureAwait(false);
        await StartAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops the local cluster and deletes its directory (also after a failed start), or drops the
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

            if (_cluster is not null)
            {
                // The data is thrown away, so there is nothing worth a clean checkpoint.
                await _cluster.DisposeAsync(StopDeadline).ConfigureAwait(false);
                LiveClusters.TryRemove(_cluster.RootDirectory, out _);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private async Task StartOnFreePortAsync(PgCluster cluster, CancellationToken ct)
    {
        // A port found free can be taken by another process before the server binds it; a bind
        // failure is retried on a new port, anything else fails at once with the server's log.
        for (var attempt = 1; ; attempt++)
        {
            await cluster.ConfigureAsync(FreePort.Next(), ct).ConfigureAwait(false);
            try
            {
                await cluster.StartAsync(StartDeadline, ct).ConfigureAwait(false);
                return;
            }
            catch (PgClusterException ex) when (ex.IsPortInUse && attempt < MaxStartAttempts)
            {
            }
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
                    (_cluster is null ? "" : Environment.NewLine + _cluster.ReadLogTail()), ex);
            }
        }
    }

    private void ThrowIfExternal(string operation)
    {
        if (_external is not null)
        {
            throw new NotSupportedException(
                $"Cannot {operation} the external server named by {ExternalConnectionStringVariable}; use PostgresFixture.StartNewAsync() for a private cluster.");
        }
    }

    private static string ResolveBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable(BinDirectoryVariable);
        return string.IsNullOrWhiteSpace(configured) ? DefaultBinDirectory : configured.Trim();
    }

    private static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
