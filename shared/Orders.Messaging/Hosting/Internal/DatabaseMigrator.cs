using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orders.Messaging.Persistence;

namespace Orders.Messaging.Hosting.Internal;

/// <summary>
/// Applies the service's (hand-written) EF Core migrations at start-up, before the outbox relay and
/// the consumers start; retries while PostgreSQL is not reachable yet. Instances starting together
/// take turns (<see cref="MigrationLock.MigrateOneAtATimeAsync"/>), so none applies a migration twice.
/// </summary>
internal sealed partial class DatabaseMigrator<TContext>(IDbContextFactory<TContext> dbFactory, ILogger<DatabaseMigrator<TContext>> logger) : IHostedService
    where TContext : DbContext
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + ReadyTimeout;
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
                await db.Database.MigrateOneAtATimeAsync(cancellationToken).ConfigureAwait(false);
                LogMigrated(typeof(TContext).Name);
                return;
            }
            catch (DbException ex) when (DateTimeOffset.UtcNow + delay < deadline)
            {
                LogNotReady(ex, typeof(TContext).Name, delay);
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.TicksPerSecond * 2));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database of {Context} is migrated")]
    private partial void LogMigrated(string context);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database of {Context} is not reachable yet; retrying in {Delay}")]
    private partial void LogNotReady(Exception exception, string context, TimeSpan delay);
}
