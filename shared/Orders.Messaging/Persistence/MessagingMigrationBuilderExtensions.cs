using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using Orders.Messaging.Persistence.Internal;

namespace Orders.Messaging.Persistence;

/// <summary>
/// The migration steps for the messaging tables, for a service's hand-written migrations.
/// Version 1 of the tables; a later schema change adds a new method here rather than editing
/// this one, because applied migrations must never change.
/// </summary>
public static class MessagingMigrationBuilderExtensions
{
    private const string Text = "text";
    private const string Timestamp = "timestamp with time zone";

    /// <summary>Creates <c>inbox</c> and <c>outbox</c> (v1) as <see cref="MessagingModelBuilderExtensions.AddInboxAndOutbox"/> maps them.</summary>
    public static MigrationBuilder CreateInboxAndOutbox(this MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);

        migrationBuilder.CreateTable(
            name: MessagingSchema.InboxTable,
            columns: table => new
            {
                message_id = table.Column<string>(type: Text, nullable: false),
                consumer = table.Column<string>(type: Text, nullable: false),
                processed_at = table.Column<DateTimeOffset>(type: Timestamp, nullable: false),
            },
            constraints: table => table.PrimaryKey(MessagingSchema.InboxPrimaryKey, row => row.message_id));
        migrationBuilder.CreateIndex(name: "ix_inbox_processed_at", table: MessagingSchema.InboxTable, column: "processed_at");

        migrationBuilder.CreateTable(
            name: MessagingSchema.OutboxTable,
            columns: table => new
            {
                id = table.Column<long>(type: "bigint", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                event_id = table.Column<string>(type: Text, nullable: false),
                subject = table.Column<string>(type: Text, nullable: false),
                payload = table.Column<byte[]>(type: "bytea", nullable: false),
                headers = table.Column<string>(type: "jsonb", nullable: true),
                created_at = table.Column<DateTimeOffset>(type: Timestamp, nullable: false),
                sent_at = table.Column<DateTimeOffset>(type: Timestamp, nullable: true),
                attempts = table.Column<int>(type: "integer", nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_outbox", row => row.id));
        migrationBuilder.CreateIndex(name: MessagingSchema.OutboxEventIdIndex, table: MessagingSchema.OutboxTable, column: "event_id", unique: true);
        migrationBuilder.CreateIndex(name: "ix_outbox_unsent", table: MessagingSchema.OutboxTable, column: "id", filter: "sent_at IS NULL");

        return migrationBuilder;
    }

    /// <summary>
    /// v2: the nullable <c>outbox.trace_parent</c> column (the W3C <c>traceparent</c> a row is
    /// published in). Nullable, so existing rows and a relay of v1 code keep working.
    /// </summary>
    public static MigrationBuilder AddOutboxTraceParent(this MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.AddColumn<string>(name: "trace_parent", table: MessagingSchema.OutboxTable, type: Text, nullable: true);
        return migrationBuilder;
    }

    /// <summary>Undoes <see cref="AddOutboxTraceParent"/> (for a migration's <c>Down</c>).</summary>
    public static MigrationBuilder DropOutboxTraceParent(this MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropColumn(name: "trace_parent", table: MessagingSchema.OutboxTable);
        return migrationBuilder;
    }

    /// <summary>Drops what <see cref="CreateInboxAndOutbox"/> created (for a migration's <c>Down</c>).</summary>
    public static MigrationBuilder DropInboxAndOutbox(this MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable(name: MessagingSchema.OutboxTable);
        migrationBuilder.DropTable(name: MessagingSchema.InboxTable);
        return migrationBuilder;
    }
}
