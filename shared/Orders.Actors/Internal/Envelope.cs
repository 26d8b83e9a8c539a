namespace Orders.Actors.Internal;

/// <summary>
/// One queued message with its sender. A struct stored inline in a <see cref="MailboxSegment"/>'s
/// slots, so a Tell copies two references into a reused array instead of allocating a node.
/// </summary>
internal readonly record struct Envelope(object Message, IActorRef? Sender);
