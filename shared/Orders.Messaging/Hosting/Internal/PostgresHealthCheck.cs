using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Orders.Messaging.Hosting.Internal;

/// <summary>Healthy when the service's database answers <c>SELECT 1</c> within <see cref="PostgresOptions.HealthCheckTimeout"/>.</summary>
internal sealed class PostgresHealthCheck(IOptions<PostgresOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (connectionString, timeout) = (options.Value.EffectiveConnectionString, options.Value.HealthCheckTimeout);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return HealthCheckResult.Unhealthy("no Postgres:ConnectionString configured");
        }

        // Npgsql does not always honour cancellation while it opens a connection (a server that
        // accepts the socket and never answers keeps OpenAsync waiting for the connection string's
        // Timeout), so the probe gets its own short connect timeout and the answer does not wait
        // for the probe beyond ours.
        var probeConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Timeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)),
        }.ConnectionString;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cancel.CancelAfter(timeout);
        try
        {
            await ProbeAsync(probeConnectionString, cancel.Token).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL does not answer: {ex.Message}");
        }
    }

    private static async Task ProbeAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }
}
