using System.Globalization;
using System.Security.Cryptography;
using DotNet.Testcontainers.Containers;
using Testcontainers.PostgreSql;

namespace Orders.Testing.Postgres;

/// <summary>
/// The <see cref="PostgresBackend.Container"/> server: <c>postgres:16</c> through
/// Testcontainers.PostgreSql. The host port is fixed when the container is created (not left to
/// Docker), because Docker hands a restarted container a new random port and the fault tests
/// check that clients find the server where it was.
/// </summary>
internal sealed class PgContainer : IPgServer
{
    /// <summary>The image; on machines without registry access a local stand-in carries this tag (see tests/Orders.Testing/README.md).</summary>
    public const string Image = "postgres:16";

    /// <summary>Label on every container the tests create, so <c>./test.sh</c> can remove leftovers of a crashed run.</summary>
    public const string Label = "orders.tests";

    private const int ContainerPort = 5432;
    private const int MaxStartAttempts = 3;
    private const int MaxLogTailChars = 16 * 1024;

    // The first start runs initdb inside the container; on a busy 2-core machine that takes a while.
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(30);

    private PostgreSqlContainer? _container;

    public PgContainer(string superUser)
    {
        SuperUser = superUser;
        SuperUserPassword = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    }

    public PostgresBackend Backend => PostgresBackend.Container;

    public string Host => Container.Hostname;

    public int Port { get; private set; }

    public string SuperUser { get; }

    public string SuperUserPassword { get; }

    /// <summary>Docker's id of the container, the same across restarts.</summary>
    public string ContainerId => Container.Id;

    private PostgreSqlContainer Container => _container ?? throw new InvalidOperationException("The container has not been created.");

    public async Task StartAsync(CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(StartDeadline);
        try
        {
            if (_container is not null)
            {
                await _container.StartAsync(deadline.Token).ConfigureAwait(false);
                return;
            }

            await CreateOnFreePortAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"The {Image} container did not accept connections within {StartDeadline.TotalSeconds:0}s.{Environment.NewLine}{await ReadLogTailAsync().ConfigureAwait(false)}");
        }
    }

    public async Task StopAsync(CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(StopDeadline);
        await Container.StopAsync(deadline.Token).ConfigureAwait(false);
    }

    public async Task DisposeAsync(TimeSpan deadline)
    {
        if (_container is null)
        {
            return;
        }

        // Removes the container with its anonymous data volume (Testcontainers removes volumes too).
        await _container.DisposeAsync().AsTask().WaitAsync(deadline).ConfigureAwait(false);
        _container = null;
    }

    public void Abandon()
    {
        try
        {
            _container?.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // The engine is gone or busy; ./test.sh removes labelled leftovers when it next starts.
        }
    }

    public async Task<string> ReadLogTailAsync()
    {
        if (_container is null)
        {
            return "(no container)";
        }

        try
        {
            var (stdout, stderr) = await _container.GetLogsAsync().ConfigureAwait(false);
            var log = stdout + stderr;
            return "--- container log ---" + Environment.NewLine + log[Math.Max(0, log.Length - MaxLogTailChars)..];
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return $"(container log unavailable: {ex.Message})";
        }
    }

    private async Task CreateOnFreePortAsync(CancellationToken ct)
    {
        DockerEngine.PrepareTestcontainers();

        // A port found free can be taken before Docker binds it; that failure is retried on a new
        // port with a new container, anything else fails at once.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var container = new PostgreSqlBuilder(Image)
                .WithUsername(SuperUser)
                .WithPassword(SuperUserPassword)
                .WithDatabase("postgres")
                .WithPortBinding(port, ContainerPort)
                .WithLabel(Label, "true")
                // Same limits as the process backend; the builder already turns durability off.
                .WithCommand("-c", "max_connections=200")
                // The process backend's initdb skips fsync too: the data is thrown away after the run.
                .WithEnvironment("POSTGRES_INITDB_ARGS", "--no-sync")
                .Build();
            _container = container;
            try
            {
                await container.StartAsync(ct).ConfigureAwait(false);
                Port = container.GetMappedPublicPort(ContainerPort);
                if (Port != port)
                {
                    throw new InvalidOperationException(
                        $"The container's port 5432 is published on {Port.ToString(CultureInfo.InvariantCulture)}, not on the requested {port.ToString(CultureInfo.InvariantCulture)}; a restart would move it.");
                }

                return;
            }
            catch (Exception ex) when (IsPortTaken(ex) && attempt < MaxStartAttempts)
            {
                await container.DisposeAsync().ConfigureAwait(false);
                _container = null;
            }
        }
    }

    private static bool IsPortTaken(Exception ex) =>
        ex.Message.Contains("port is already allocated", StringComparison.OrdinalIgnoreCase) ||
        ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase);
}
