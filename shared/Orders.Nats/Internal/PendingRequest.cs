namespace Orders.Nats.Internal;

/// <summary>A request waiting for its reply on <see cref="ReplyTo"/>.</summary>
internal sealed class PendingRequest(long id, string subject, string replyTo)
{
    public long Id { get; } = id;

    public string Subject { get; } = subject;

    public string ReplyTo { get; } = replyTo;

    public TaskCompletionSource<NatsMsg> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
