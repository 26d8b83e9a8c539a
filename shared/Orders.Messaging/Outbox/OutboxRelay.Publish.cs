using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Orders.Messaging.Persistence;

namespace Orders.Messaging.Outbox;

public sealed partial class OutboxRelay<TContext>
{
    private string? _selectBatchSql;

    /// <summary>
    /// One relay pass: publishes unsent rows batch by batch, in id order, until none are left or a
    /// publish fails. A failed row (and the rest of its batch) stays unsent for the next pass.
    /// </summary>
    public async Task<OutboxRelayResult> RelayPendingAsync(CancellationToken ct)
    {
        var published = 0;
        while (true)
        {
            var batch = await RelayBatchAsync(ct).ConfigureAwait(false);
            published += batch.Published;
            if (batch.Failure is not null)
            {
                LogPublishFailed(batch.Failure, batch.FailedEventId!, batch.FailedAttempts);
                return new OutboxRelayResult(published, batch.Failure);
            }

            // A short batch means the table is drained, or the rest is locked by another instance's pass.
            if (batch.Read < _options.BatchSize)
            {
                if (published > 0)
                {
                    LogPublished(published);
                }

                return new OutboxRelayResult(published, null);
            }
        }
    }

    private async Task<BatchOutcome> RelayBatchAsync(CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);

        // The row locks are held until commit: another instance's pass skips these rows instead of
        // publishing them too, and takes the next unlocked ones.
        var batch = await db.Set<OutboxMessage>()
            .FromSqlRaw(SelectBatchSql(db), _options.BatchSize)
            .AsNoTracking()
            .ToListAsync(ct)
            .ConfigureAwait(false);
        if (batch.Count == 0)
        {
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return new BatchOutcome(0, 0, null, null, 0);
        }

        var (sent, failure) = await PublishInOrderAsync(batch, ct).ConfigureAwait(false);

        // Only the prefix before the first failure is marked sent, so rows still leave in id
        // order; later rows of the batch that did get through are republished and deduplicated.
        var now = (DateTimeOffset?)_timeProvider.GetUtcNow();
        if (sent > 0)
        {
            var sentIds = batch.Take(sent).Select(m => m.Id).ToArray();
            foreach (var row in batch.Take(sent))
            {
                _stats?.OutboxPublished(now!.Value - row.CreatedAt);
            }

            await db.Set<OutboxMessage>()
                .Where(m => sentIds.Contains(m.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.SentAt, now).SetProperty(m => m.Attempts, m => m.Attempts + 1), ct)
                .ConfigureAwait(false);
        }

        if (failure is not null)
        {
            var failedId = batch[sent].Id;
            await db.Set<OutboxMessage>()
                .Where(m => m.Id == failedId)
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.Attempts, m => m.Attempts + 1), ct)
                .ConfigureAwait(false);
        }

        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return failure is null
            ? new BatchOutcome(batch.Count, sent, null, null, 0)
            : new BatchOutcome(batch.Count, sent, failure, batch[sent].EventId, batch[sent].Attempts + 1);
    }

    /// <summary>Starts every publish in order, then awaits them; returns how many leading rows succeeded and the first error.</summary>
    private async Task<(int Sent, Exception? Failure)> PublishInOrderAsync(List<OutboxMessage> batch, CancellationToken ct)
    {
        var pending = new ValueTask[batch.Count];
        var started = 0;
        var firstFailed = batch.Count;
        Exception? failure = null;
        try
        {
            for (; started < batch.Count; started++)
            {
                pending[started] = _publisher.PublishAsync(batch[started], ct);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            firstFailed = started;
            failure = ex;
        }

        // Await every started publish, even after a failure, so no fault goes unobserved.
        for (var i = 0; i < started; i++)
        {
            try
            {
                await pending[i].ConfigureAwait(false);
            }
            catch (Exception ex) when (i < firstFailed && !(ex is OperationCanceledException && ct.IsCancellationRequested))
            {
                firstFailed = i;
                failure = ex;
            }
            catch (Exception) when (i >= firstFailed || ct.IsCancellationRequested)
            {
                // A later row's failure, or cancellation: the first failure already decides the outcome.
            }
        }

        ct.ThrowIfCancellationRequested();
        return (firstFailed, failure);
    }

    private string SelectBatchSql(DbContext db)
    {
        if (_selectBatchSql is null)
        {
            var table = db.Model.FindEntityType(typeof(OutboxMessage))
                ?? throw new InvalidOperationException($"{typeof(TContext).Name} does not map OutboxMessage; call modelBuilder.AddInboxAndOutbox().");
            var name = db.GetService<ISqlGenerationHelper>().DelimitIdentifier(table.GetTableName()!, table.GetSchema());
            _selectBatchSql = $"SELECT * FROM {name} WHERE sent_at IS NULL ORDER BY id LIMIT {{0}} FOR UPDATE SKIP LOCKED";
        }

        return _selectBatchSql;
    }

    private readonly record struct BatchOutcome(int Read, int Published, Exception? Failure, string? FailedEventId, int FailedAttempts);
}
