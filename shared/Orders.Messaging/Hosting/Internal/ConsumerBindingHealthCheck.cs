using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orders.Messaging.Pipeline;

namespace Orders.Messaging.Hosting.Internal;

/// <summary>
/// Unhealthy when a consumer has gone without its JetStream consumer for longer than
/// <see cref="HealthOptions.ConsumerUnboundThreshold"/>: a service that receives nothing must not
/// look healthy (its stream or durable was deleted, or the broker lost its store); degraded before that.
/// </summary>
internal sealed class ConsumerBindingHealthCheck(ConsumerBindings bindings, IOptions<HealthOptions> options, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var threshold = options.Value.ConsumerUnboundThreshold;
        var unbound = bindings.Snapshot().Where(b => !b.Value.Bound).ToList();
        if (unbound.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy("every consumer is bound"));
        }

        var text = string.Join("; ", unbound.Select(b => $"{b.Key} unbound for {(now - b.Value.Since).TotalSeconds:0} s: {b.Value.Reason}"));
        return Task.FromResult(unbound.Any(b => now - b.Value.Since > threshold)
            ? HealthCheckResult.Unhealthy(text)
            : HealthCheckResult.Degraded(text));
    }
}
