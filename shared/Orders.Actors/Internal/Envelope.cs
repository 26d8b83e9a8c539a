namespace Orders.Actors.Internal;

/// <summary>
/// One queued message; also the node of the mailbox's linked queue, so a Tell allocates this and
/// nothing else. The node last dequeued stays behind as the queue's stub with its fields cleared.
/// </summary>
internal sealed class Envelope(object? message, IActorRef? sender)
{
    public object? Message = message;
    public IActorRef? Sender = sender;
    public Envelope? Next;
}
