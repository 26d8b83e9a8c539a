namespace Orders.Nats;

/// <summary>A request found nobody subscribed to its subject (the server answered with status 503).</summary>
public sealed class NatsNoRespondersException(string subject)
    : NatsException($"No responders are subscribed to '{subject}'.")
{
    public string Subject { get; } = subject;
}
