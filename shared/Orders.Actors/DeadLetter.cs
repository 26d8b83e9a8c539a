namespace Orders.Actors;

/// <summary>A message that could not be delivered, and why. Published to dead-letter subscribers and logged.</summary>
public sealed record DeadLetter(object Message, IActorRef? Sender, string Recipient, string Reason);
