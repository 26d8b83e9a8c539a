using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orders.Messaging.Persistence;

namespace Orders.Messaging.Hosting.Internal;

/// <summary>
/// Unhealthy when the outbox holds a row that has waited longer than
/// <see cref="HealthOptions.OutboxLagThreshold"/>: the service commits events it cannot publish
/// (NATS refuses them, the stream is gone), so the rest of the system no longer hears from it.
/// </summary>
internal sealed class OutboxHealthCheck<TContext>(IDbContextFactory<TContext> dbFactory, IOptions<HealthOptions> options, TimeProvider clock) : IHealthCheck
    where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var unsent = db.Set<OutboxMessage>().AsNoTracking().Where(m => m.SentAt == null);
            var oldest = await unsent.MinAsync(m => (DateTimeOffset?)m.CreatedAt, cancellationToken).ConfigureAwait(false);
            if (oldest is not { } createdAt)
            {
                return HealthCheckResult.Healthy("outbox empty");
            }

            var age = clock.GetUtcNow() - createdAt;
            if (age <= options.Value.OutboxLagThreshold)
            {
                return HealthCheckResult.Healthy($"oldest unsent row {age.TotalSeconds:0.#} s old");
            }

            var count = await unsent.CountAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Unhealthy($"{count} unsent outbox rows, the oldest {age.TotalSeconds:0} s old");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The postgres check names a database that does not answer; this one only judges the outbox.
            return HealthCheckResult.Healthy($"outbox not readable now: {ex.Message}");
        }
    }
}
