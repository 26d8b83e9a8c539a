namespace Orders.Messaging.Persistence.Internal;

/// <summary>Names the mapping, the migration and the commit error handling must agree on.</summary>
internal static class MessagingSchema
{
    public const string InboxTable = "inbox";
    public const string OutboxTable = "outbox";
    public const string InboxPrimaryKey = "pk_inbox";
    public const string OutboxEventIdIndex = "ux_outbox_event_id";
}
