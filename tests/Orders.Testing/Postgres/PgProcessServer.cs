namespace Orders.Testing.Postgres;

/// <summary>The <see cref="PostgresBackend.Process"/> server: a <see cref="PgCluster"/> of the host's binaries on a free port.</summary>
internal sealed class PgProcessServer(string binDirectory, string superUser) : IPgServer
{
    private const int MaxStartAttempts = 3;
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(30);

    private PgCluster? _cluster;

    public PostgresBackend Backend => PostgresBackend.Process;

    public string Host => "127.0.0.1";

    public int Port => Cluster.Port;

    public string SuperUser => Cluster.SuperUser;

    public string SuperUserPassword => Cluster.SuperUserPassword;

    private PgCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not been created.");

    public async Task StartAsync(CancellationToken ct)
    {
        if (_cluster is not null)
        {
            await _cluster.StartAsync(StartDeadline, ct).ConfigureAwait(false);
            return;
        }

        _cluster = await PgCluster.CreateAsync(binDirectory, superUser, ct).ConfigureAwait(false);

        // A port found free can be taken by another process before the server binds it; a bind
        // failure is retried on a new port, anything else fails at once with the server's log.
        for (var attempt = 1; ; attempt++)
        {
            await _cluster.ConfigureAsync(FreePort.Next(), ct).ConfigureAwait(false);
            try
            {
                await _cluster.StartAsync(StartDeadline, ct).ConfigureAwait(false);
                return;
            }
            catch (PgClusterException ex) when (ex.IsPortInUse && attempt < MaxStartAttempts)
            {
            }
        }
    }

    public Task StopAsync(CancellationToken ct) => Cluster.StopAsync(immediate: false, StopDeadline, ct);

    public Task DisposeAsync(TimeSpan deadline) => _cluster?.DisposeAsync(deadline) ?? Task.CompletedTask;

    public void Abandon() => _cluster?.KillPostmaster();

    public Task<string> ReadLogTailAsync() => Task.FromResult(_cluster?.ReadLogTail() ?? "(no server log)");
}
