namespace Orders.Actors;

/// <summary>An Ask whose message became a dead letter (the actor stopped, or the system is shutting down).</summary>
public sealed class UndeliveredMessageException(DeadLetter deadLetter)
    : InvalidOperationException($"Message {deadLetter.Message.GetType().Name} to {deadLetter.Recipient} was not delivered: {deadLetter.Reason}.")
{
    public DeadLetter DeadLetter { get; } = deadLetter;
}
