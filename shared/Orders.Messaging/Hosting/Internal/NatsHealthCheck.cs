using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orders.Nats;

namespace Orders.Messaging.Hosting.Internal;

/// <summary>Healthy while the NATS connection is open (reconnecting counts as down).</summary>
internal sealed class NatsHealthCheck(NatsConnection connection) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(connection.ConnectionState == NatsConnectionState.Open
            ? HealthCheckResult.Healthy($"connected to {connection.ServerInfo?.ServerId}")
            : HealthCheckResult.Unhealthy($"NATS connection is {connection.ConnectionState}"));
}
