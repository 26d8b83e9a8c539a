using Microsoft.EntityFrameworkCore;

namespace Orders.Messaging.Persistence;

/// <summary>
/// The messaging tables (v1) described the way a model snapshot describes tables: by names and
/// store types, frozen, independent of today's mapping code. A service's hand-written
/// <c>ModelSnapshot</c> calls it; EF Core compares the snapshot with the live model at
/// <c>MigrateAsync</c> and refuses to run if the model has changes no migration covers.
/// </summary>
public static class MessagingModelSnapshotExtensions
{
    private const string Text = "text";
    private const string Timestamp = "timestamp with time zone";

    /// <summary>Adds the v2 tables (v1 plus <c>outbox.trace_parent</c>) to a snapshot model.</summary>
    public static ModelBuilder HasInboxAndOutboxV2(this ModelBuilder modelBuilder)
    {
        modelBuilder.HasInboxAndOutboxV1();
        modelBuilder.Entity("Orders.Messaging.Persistence.OutboxMessage", outbox =>
            outbox.Property<string>("TraceParent").HasColumnType(Text).HasColumnName("trace_parent"));
        return modelBuilder;
    }

    /// <summary>Adds the v1 <c>inbox</c> and <c>outbox</c> tables to a snapshot (or a migration's target) model.</summary>
    public static ModelBuilder HasInboxAndOutboxV1(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.Entity("Orders.Messaging.Persistence.InboxMessage", inbox =>
        {
            inbox.Property<string>("MessageId").HasColumnType(Text).HasColumnName("message_id");
            inbox.Property<string>("Consumer").IsRequired().HasColumnType(Text).HasColumnName("consumer");
            inbox.Property<DateTimeOffset>("ProcessedAt").HasColumnType(Timestamp).HasColumnName("processed_at");
            inbox.HasKey("MessageId").HasName("pk_inbox");
            inbox.HasIndex("ProcessedAt").HasDatabaseName("ix_inbox_processed_at");
            inbox.ToTable("inbox");
        });

        modelBuilder.Entity("Orders.Messaging.Persistence.OutboxMessage", outbox =>
        {
            outbox.Property<long>("Id").ValueGeneratedOnAdd().HasColumnType("bigint").HasColumnName("id")
                .UseIdentityByDefaultColumn();
            outbox.Property<string>("EventId").IsRequired().HasColumnType(Text).HasColumnName("event_id");
            outbox.Property<string>("Subject").IsRequired().HasColumnType(Text).HasColumnName("subject");
            outbox.Property<byte[]>("Payload").IsRequired().HasColumnType("bytea").HasColumnName("payload");
            outbox.Property<string>("Headers").HasColumnType("jsonb").HasColumnName("headers");
            outbox.Property<DateTimeOffset>("CreatedAt").HasColumnType(Timestamp).HasColumnName("created_at");
            outbox.Property<DateTimeOffset?>("SentAt").HasColumnType(Timestamp).HasColumnName("sent_at");
            outbox.Property<int>("Attempts").HasColumnType("integer").HasColumnName("attempts");
            outbox.HasKey("Id").HasName("pk_outbox");
            outbox.HasIndex("EventId").IsUnique().HasDatabaseName("ux_outbox_event_id");
            outbox.HasIndex("Id").HasDatabaseName("ix_outbox_unsent").HasFilter("sent_at IS NULL");
            outbox.ToTable("outbox");
        });

        return modelBuilder;
    }
}
