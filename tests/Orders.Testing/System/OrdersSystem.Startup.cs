using System.Globalization;
using System.Runtime.ExceptionServices;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Npgsql;
using Orders.Contracts.Messaging;
using Orders.Testing.SystemUnderTest.Internal;

namespace Orders.Testing.SystemUnderTest;

public sealed partial class OrdersSystem
{
    private async Task StartCoreAsync(CancellationToken ct)
    {
        var configuration = Options.Configuration ?? RepositoryLayout.BuildConfiguration;
        var assemblies = Options.Services.ToDictionary(s => s, s => RepositoryLayout.ServiceAssembly(s, configuration));

        var natsConfig = Options.Auth == NatsAuthMode.LeastPrivilegeUsers ? NatsUsers.ServerConfig(_runDirectory) : null;
        var natsStart = NatsServerFixture.StartNewAsync(natsConfig, ct);
        // PostgreSQL as a host process, not a container: see README.md ("PostgreSQL: a process").
        var postgresStart = PostgresFixture.StartNewAsync(PostgresBackend.Process, ct);
        Nats = await natsStart.ConfigureAwait(false);
        Postgres = await postgresStart.ConfigureAwait(false);
        Report($"nats-server on {Nats.Url} ({Options.Auth}), PostgreSQL on port {Postgres.Port}; logs in {LogDirectory}");

        foreach (var service in Options.Services)
        {
            var connectionString = await Postgres.CreateDatabaseAsync(service.Database, ownerRole: service.Role, ct).ConfigureAwait(false);
            var forService = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = Options.MaxPoolSizePerInstance };
            _databases[service.Name] = forService.Database!;
            for (var ordinal = 1; ordinal <= Options.InstancesPerService; ordinal++)
            {
                _instances.Add(CreateInstance(service, ordinal, assemblies[service], forService.ConnectionString));
            }
        }

        _admin = await ConnectAsync(name: "system-harness", ct: ct).ConfigureAwait(false);
        JetStream = new NatsJSContext(_admin);

        await StartAllAsync(ct).ConfigureAwait(false);
        await WaitForConsumersAsync(Options.StartTimeout, ct).ConfigureAwait(false);
        Report($"{_instances.Count} instances healthy: {string.Join(", ", _instances)}");
    }

    /// <summary>
    /// Starts every instance at once (their start-up is mostly JIT work, which overlaps well) and
    /// fails as soon as one fails, instead of waiting out the others' start timeout.
    /// </summary>
    private async Task StartAllAsync(CancellationToken ct)
    {
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var starts = _instances.Select(async instance =>
        {
            try
            {
                await instance.StartAsync(failFast.Token).ConfigureAwait(false);
            }
            catch
            {
                await failFast.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }).ToList();

        try
        {
            await Task.WhenAll(starts).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // WhenAll rethrows the first exception in task order, which may be a cancellation
            // caused by the real failure: rethrow that one.
            var failure = starts.Select(s => s.Exception?.InnerException).FirstOrDefault(e => e is not null and not OperationCanceledException);
            if (failure is null)
            {
                throw;
            }

            ExceptionDispatchInfo.Throw(failure);
        }
    }

    private ServiceInstance CreateInstance(OrdersServiceType service, int ordinal, string assembly, string connectionString)
    {
        var port = FreePort.Next();
        var name = $"{service.Name}-{ordinal}";
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            ["ORDERS_InstanceId"] = name,
            ["ORDERS_Nats__Url"] = Nats.Url,
            ["ORDERS_Postgres__ConnectionString"] = connectionString,
            // One server-GC heap set per core and process adds up with six processes on two cores.
            ["DOTNET_gcServer"] = "0",
        };
        if (Options.Auth == NatsAuthMode.LeastPrivilegeUsers)
        {
            environment["ORDERS_Nats__User"] = service.Name;
            environment["ORDERS_Nats__Password"] = NatsUsers.PasswordOf(service.Name);
        }

        foreach (var (key, value) in Options.SettingsFor(service))
        {
            environment["ORDERS_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return new ServiceInstance(
            service, ordinal, assembly, port, Path.Combine(LogDirectory, name + ".log"), environment, Options.StartTimeout, Options.StopTimeout);
    }

    /// <summary>
    /// Waits until every stream the started services read has a durable consumer per reading
    /// service. Counted rather than looked up by name: the harness relies on the contract (durable
    /// consumers, one per service and stream), not on how a service names its consumers.
    /// </summary>
    private async Task WaitForConsumersAsync(TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        foreach (var (stream, readers) in ConsumedStreams)
        {
            await Eventually.WaitUntilAsync(
                async () =>
                {
                    try
                    {
                        return (await DurableConsumersAsync(stream, ct).ConfigureAwait(false)).Count >= readers;
                    }
                    catch (NatsException)
                    {
                        return false; // the stream does not exist yet, or the harness is reconnecting
                    }
                },
                Remaining(deadline),
                $"{readers} durable consumer(s) on {stream}",
                ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until the four streams exist again and every service has its durable consumers back,
    /// as after the broker lost its store; returns how long that took. Only the services can create
    /// them (the harness connects as <c>driver</c>), so this measures their recovery.
    /// </summary>
    public async Task<TimeSpan> WaitForStreamsRecreatedAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var deadline = DateTime.UtcNow + timeout;
        foreach (var stream in Streams.All)
        {
            await Eventually.WaitUntilAsync(
                async () =>
                {
                    try
                    {
                        await JetStream.GetStreamAsync(stream.Name, cancellationToken: ct).ConfigureAwait(false);
                        return true;
                    }
                    catch (NatsException)
                    {
                        return false; // not back yet, or the harness is reconnecting
                    }
                },
                Remaining(deadline),
                $"stream {stream.Name} re-created",
                ct).ConfigureAwait(false);
        }

        await WaitForConsumersAsync(Remaining(deadline), ct).ConfigureAwait(false);
        return clock.Elapsed;
    }

    private static TimeSpan Remaining(DateTime deadline) =>
        deadline - DateTime.UtcNow is { Ticks: > 0 } left ? left : TimeSpan.Zero;

    /// <summary>Each stream the started services read, with how many of them read it.</summary>
    private IReadOnlyDictionary<string, int> ConsumedStreams =>
        Options.Services
            .SelectMany(s => s.ConsumedStreams)
            .GroupBy(stream => stream, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>
    /// The durable consumers on <paramref name="stream"/>: the services' shares of work. Readers
    /// such as the workload's watcher or a snapshot use ephemeral ordered consumers and are left out.
    /// </summary>
    private async Task<IReadOnlyList<ConsumerInfo>> DurableConsumersAsync(string stream, CancellationToken ct)
    {
        var durables = new List<ConsumerInfo>();
        await foreach (var consumer in JetStream.ListConsumersAsync(stream, ct).ConfigureAwait(false))
        {
            if (!string.IsNullOrEmpty(consumer.Info.Config.DurableName))
            {
                durables.Add(consumer.Info);
            }
        }

        return durables;
    }
}
