using NATS.Client.Core;
using NATS.Client.JetStream;
using Npgsql;
using Orders.Testing.SystemUnderTest.Internal;

namespace Orders.Testing.SystemUnderTest;

/// <summary>
/// The whole Orders system on this machine, as separate processes: a nats-server with the
/// repository's users and permissions, a PostgreSQL cluster with one database and owner role per
/// service, and N instances of each service run from its build output. Tests drive it through the
/// wire (<see cref="ConnectAsync"/> as the <c>driver</c> user), inject faults through
/// <see cref="Instances"/>, <see cref="Nats"/> and <see cref="Postgres"/>, wait with
/// <see cref="WaitForQuietAsync"/> and judge the outcome with <see cref="CheckInvariantsAsync"/>.
/// Disposing it kills every process it started (by PID) and deletes its data; the instance logs
/// are kept unless the test called <see cref="MarkPassed"/>.
/// </summary>
public sealed partial class OrdersSystem : IAsyncDisposable
{
    private readonly List<ServiceInstance> _instances = [];
    private readonly Dictionary<string, string> _databases = new(StringComparer.Ordinal);
    private readonly string _runDirectory;
    private NatsConnection? _admin;
    private bool _passed;
    private bool _disposed;

    private OrdersSystem(OrdersSystemOptions options)
    {
        Options = options;
        _runDirectory = Directory.CreateTempSubdirectory("orders-system-").FullName;
        var runName = $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Path.GetFileName(_runDirectory)}";
        LogDirectory = Path.Combine(options.LogDirectory ?? Path.Combine(RepositoryLayout.Root, "artifacts", "system-logs"), runName);
        Directory.CreateDirectory(LogDirectory);
    }

    /// <summary>The repository root (the folder holding Orders.sln), e.g. for writing artifacts.</summary>
    public static string RepositoryRoot => RepositoryLayout.Root;

    /// <summary>What was started.</summary>
    public OrdersSystemOptions Options { get; }

    /// <summary>The nats-server (stop, kill, restart keep its port and JetStream store).</summary>
    public NatsServerFixture Nats { get; private set; } = null!;

    /// <summary>The PostgreSQL cluster (stop and restart keep its port and data).</summary>
    public PostgresFixture Postgres { get; private set; } = null!;

    /// <summary>Every service instance, in start order (<c>order-service-1</c>, <c>order-service-2</c>, ...).</summary>
    public IReadOnlyList<ServiceInstance> Instances => _instances;

    /// <summary>The folder with one log file per instance.</summary>
    public string LogDirectory { get; }

    /// <summary>JetStream as the <c>driver</c> user sees it (publish commands, read streams and consumers). Owned by the system.</summary>
    public INatsJSContext JetStream { get; private set; } = null!;

    /// <summary>The instances of <paramref name="service"/>.</summary>
    public IReadOnlyList<ServiceInstance> InstancesOf(OrdersServiceType service) =>
        _instances.Where(i => i.Service == service).ToList();

    /// <summary>Superuser connection string to <paramref name="service"/>'s database (for checks and fault injection).</summary>
    public string AdminConnectionString(OrdersServiceType service) =>
        Postgres.ConnectionString(_databases.TryGetValue(service.Name, out var database)
            ? database
            : throw new InvalidOperationException($"{service.Name} was not started."));

    /// <summary>
    /// Starts everything and returns when every instance answers 200 on <c>/healthz</c> and every
    /// service's durable consumers exist, so published commands are picked up.
    /// </summary>
    public static async Task<OrdersSystem> StartAsync(OrdersSystemOptions? options = null, CancellationToken ct = default)
    {
        var system = new OrdersSystem(options ?? new OrdersSystemOptions());
        try
        {
            await system.StartCoreAsync(ct).ConfigureAwait(false);
            return system;
        }
        catch
        {
            await system.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// A new connection as <paramref name="user"/> (default <c>driver</c>, the user of drivers and
    /// outside clients). The caller disposes it.
    /// </summary>
    public async Task<NatsConnection> ConnectAsync(string user = NatsUsers.Driver, string? name = null, CancellationToken ct = default)
    {
        var auth = Options.Auth == NatsAuthMode.LeastPrivilegeUsers;
        var connection = new NatsConnection(NatsOpts.Default with
        {
            Url = Nats.Url,
            Name = name ?? $"system-test-{user}",
            AuthOpts = auth ? NatsAuthOpts.Default with { Username = user, Password = NatsUsers.PasswordOf(user) } : NatsAuthOpts.Default,
            // Each service user may only receive on its own inbox prefix (users.conf); driver on any.
            InboxPrefix = auth && user != NatsUsers.Driver ? $"_INBOX.{user}" : "_INBOX",
        });
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Checks every invariant of the system against the streams and databases as they are now (call <see cref="WaitForQuietAsync"/> first).</summary>
    public Task<InvariantReport> CheckInvariantsAsync(SystemExpectations expectations, CancellationToken ct = default) =>
        SystemInvariants.CheckAsync(this, expectations, ct);

    /// <summary>Says the test passed: the instance logs are deleted on dispose instead of kept.</summary>
    public void MarkPassed() => _passed = true;

    /// <summary>Kills every process started (by PID), deletes the servers' data and, unless <see cref="MarkPassed"/> was called, keeps and names the logs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync().ConfigureAwait(false);
        }

        if (_admin is not null)
        {
            await _admin.DisposeAsync().ConfigureAwait(false);
        }

        if (Nats is not null)
        {
            await Nats.DisposeAsync().ConfigureAwait(false);
        }

        if (Postgres is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await Postgres.DisposeAsync().ConfigureAwait(false);
        }

        TryDelete(_runDirectory);
        if (_passed && !Options.KeepLogs)
        {
            TryDelete(LogDirectory);
        }
        else
        {
            Report($"Service logs kept in {LogDirectory}");
        }
    }

    private void Report(string line) => Options.Output?.Invoke($"[system {DateTime.UtcNow:HH:mm:ss.fff}] {line}");

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a file still held open must not fail the test run.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
