using Microsoft.EntityFrameworkCore;
using Orders.Messaging.Persistence;

namespace Orders.Messaging.Outbox;

public sealed partial class OutboxRelay<TContext>
{
    /// <summary>
    /// Deletes sent outbox rows older than <see cref="OutboxOptions.SentRetention"/> and inbox rows
    /// older than <see cref="OutboxOptions.InboxRetention"/> (see there for why that is safe).
    /// Unsent rows are never deleted, however old.
    /// </summary>
    public async Task<OutboxPruneResult> PruneAsync(CancellationToken ct)
    {
        var now = _timeProvider.GetUtcNow();
        var sentBefore = (DateTimeOffset?)(now - _options.SentRetention);
        var processedBefore = now - _options.InboxRetention;

        await using var db = await _dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var outboxRows = await db.Set<OutboxMessage>()
            .Where(m => m.SentAt != null && m.SentAt < sentBefore)
            .ExecuteDeleteAsync(ct)
            .ConfigureAwait(false);
        var inboxRows = await db.Set<InboxMessage>()
            .Where(m => m.ProcessedAt < processedBefore)
            .ExecuteDeleteAsync(ct)
            .ConfigureAwait(false);

        if (outboxRows + inboxRows > 0)
        {
            LogPruned(outboxRows, inboxRows);
        }

        return new OutboxPruneResult(outboxRows, inboxRows);
    }
}
