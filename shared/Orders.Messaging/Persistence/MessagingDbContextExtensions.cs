using Microsoft.EntityFrameworkCore;

namespace Orders.Messaging.Persistence;

/// <summary>Staging optimistic-concurrency updates on a context before <see cref="MessageCommitter.CommitAsync"/>.</summary>
public static class MessagingDbContextExtensions
{
    /// <summary>
    /// Marks <paramref name="entity"/> (tracked or not, e.g. an actor's cached copy) as modified so
    /// that saving it emits <c>UPDATE ... SET ... WHERE id = @id AND version = @expectedVersion</c>.
    /// The entity must already carry its new state, with <c>Version</c> above
    /// <paramref name="expectedVersion"/>. If the stored version is no longer
    /// <paramref name="expectedVersion"/> (another instance won the race), no row is updated and the
    /// commit reports <see cref="CommitResult.ConcurrencyConflict"/>.
    /// </summary>
    public static void UpdateExpectingVersion<TEntity>(this DbContext db, TEntity entity, long expectedVersion)
        where TEntity : class, IVersionedEntity
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entity);
        if (entity.Version <= expectedVersion)
        {
            throw new ArgumentOutOfRangeException(
                nameof(expectedVersion), $"The entity's new version ({entity.Version}) must be greater than the expected stored version ({expectedVersion}).");
        }

        var entry = db.Entry(entity);
        var version = entry.Property(nameof(IVersionedEntity.Version));
        if (!version.Metadata.IsConcurrencyToken)
        {
            throw new InvalidOperationException(
                $"{typeof(TEntity).Name}.Version is not a concurrency token; call HasVersionConcurrencyToken() on it in OnModelCreating.");
        }

        if (entry.State is EntityState.Detached or EntityState.Unchanged)
        {
            // Not loaded by this context (or unchanged): write every column, since we cannot know which changed.
            entry.State = EntityState.Modified;
        }

        // EF Core puts the property's ORIGINAL value in the WHERE clause; that is the version the
        // caller decided on, whatever this context loaded.
        version.OriginalValue = expectedVersion;
    }
}
