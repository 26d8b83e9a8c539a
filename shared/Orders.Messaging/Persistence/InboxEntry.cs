namespace Orders.Messaging.Persistence;

/// <summary>The consumed message a commit records in the inbox.</summary>
/// <param name="MessageId">The message's id (its <c>Nats-Msg-Id</c>).</param>
/// <param name="Consumer">The consumer or handler that processed it.</param>
public sealed record InboxEntry(string MessageId, string Consumer);
