namespace Orders.Messaging.Outbox;

/// <summary>What one prune deleted.</summary>
/// <param name="SentOutboxRows">Sent outbox rows older than the retention.</param>
/// <param name="InboxRows">Inbox rows older than the inbox retention.</param>
public readonly record struct OutboxPruneResult(int SentOutboxRows, int InboxRows);
