using Microsoft.Extensions.Diagnostics.HealthChecks;
using NATS.Client.Core;

namespace Orders.ServiceDefaults.Nats.Internal;

/// <summary>
/// Healthy while the NATS connection is open (reconnecting counts as down); degraded for a while
/// after the server refused one of our operations, with the server's words.
/// </summary>
internal sealed class NatsHealthCheck(INatsConnection connection, NatsConnectionHealth health) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (connection.ConnectionState != NatsConnectionState.Open)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"NATS connection is {connection.ConnectionState}"));
        }

        return Task.FromResult(health.RecentViolation is { } violation
            ? HealthCheckResult.Degraded($"NATS refused an operation at {violation.At:HH:mm:ss}: {violation.Error}")
            : HealthCheckResult.Healthy($"connected to {connection.ServerInfo?.Id}"));
    }
}
