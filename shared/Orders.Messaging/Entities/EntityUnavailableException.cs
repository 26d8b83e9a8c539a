namespace Orders.Messaging.Entities;

/// <summary>
/// The answer to an Ask whose entity cannot take it now: it was stopped after too many restarts, or
/// the actor system is shutting down. The pipeline treats it as a transient failure (nak with back-off).
/// </summary>
public sealed class EntityUnavailableException : Exception
{
    public EntityUnavailableException()
    {
    }

    public EntityUnavailableException(string message)
        : base(message)
    {
    }

    public EntityUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
