using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orders.Messaging.Persistence.Internal;

namespace Orders.Messaging.Persistence;

/// <summary>Maps the messaging tables and the optimistic-concurrency version into a service's EF Core model.</summary>
public static class MessagingModelBuilderExtensions
{
    /// <summary>
    /// Maps <see cref="InboxMessage"/> to <c>inbox</c> and <see cref="OutboxMessage"/> to <c>outbox</c>
    /// (snake_case columns, a partial index on unsent outbox rows for the relay, an index on
    /// <c>inbox.processed_at</c> for pruning). <see cref="MessagingDbContext"/> calls it for you; a
    /// context that cannot derive from it calls it from <c>OnModelCreating</c>. The matching
    /// migrations are <see cref="MessagingMigrationBuilderExtensions.CreateInboxAndOutbox"/> (v1) then
    /// <see cref="MessagingMigrationBuilderExtensions.AddOutboxTraceParent"/> (v2).
    /// </summary>
    public static ModelBuilder AddInboxAndOutbox(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable(MessagingSchema.InboxTable);
            inbox.HasKey(m => m.MessageId).HasName(MessagingSchema.InboxPrimaryKey);
            inbox.Property(m => m.MessageId).HasColumnName("message_id");
            inbox.Property(m => m.Consumer).HasColumnName("consumer");
            inbox.Property(m => m.ProcessedAt).HasColumnName("processed_at");
            inbox.HasIndex(m => m.ProcessedAt).HasDatabaseName("ix_inbox_processed_at");
        });

        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable(MessagingSchema.OutboxTable);
            outbox.HasKey(m => m.Id).HasName("pk_outbox");
            outbox.Property(m => m.Id).HasColumnName("id").UseIdentityByDefaultColumn();
            outbox.Property(m => m.EventId).HasColumnName("event_id");
            outbox.Property(m => m.Subject).HasColumnName("subject");
            outbox.Property(m => m.Payload).HasColumnName("payload");
            outbox.Property(m => m.Headers)
                .HasColumnName("headers")
                .HasColumnType("jsonb")
                .HasConversion(HeadersJson.Converter, HeadersJson.Comparer);
            outbox.Property(m => m.TraceParent).HasColumnName("trace_parent");
            outbox.Property(m => m.CreatedAt).HasColumnName("created_at");
            outbox.Property(m => m.SentAt).HasColumnName("sent_at");
            outbox.Property(m => m.Attempts).HasColumnName("attempts");
            outbox.HasIndex(m => m.EventId).IsUnique().HasDatabaseName(MessagingSchema.OutboxEventIdIndex);

            // Only unsent rows are indexed, so the relay's "next batch" query stays an index scan
            // over a handful of rows however large the table grows between prunes.
            outbox.HasIndex(m => m.Id).HasFilter("sent_at IS NULL").HasDatabaseName("ix_outbox_unsent");
        });

        return modelBuilder;
    }

    /// <summary>
    /// Configures the entity's <c>Version</c> as a concurrency token: EF Core then adds
    /// <c>AND version = @original</c> to every UPDATE of the row and reports zero affected rows as
    /// a concurrency conflict. Stage updates with
    /// <see cref="MessagingDbContextExtensions.UpdateExpectingVersion{TEntity}"/>.
    /// </summary>
    public static EntityTypeBuilder<TEntity> HasVersionConcurrencyToken<TEntity>(this EntityTypeBuilder<TEntity> entity)
        where TEntity : class, IVersionedEntity
    {
        ArgumentNullException.ThrowIfNull(entity);
        entity.Property<long>(nameof(IVersionedEntity.Version)).IsConcurrencyToken();
        return entity;
    }
}
