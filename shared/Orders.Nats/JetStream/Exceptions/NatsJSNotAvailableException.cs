namespace Orders.Nats.JetStream;

/// <summary>
/// Nobody answered a JetStream request or publish (NATS "no responders", status 503) even after a
/// short retry: JetStream is not enabled, still starting up, or no stream listens on the subject.
/// </summary>
public sealed class NatsJSNotAvailableException : NatsJSException
{
    /// <summary>Creates the exception for <paramref name="subject"/>.</summary>
    public NatsJSNotAvailableException(string subject, string message) : base(message)
    {
        Subject = subject;
    }

    /// <summary>Creates the exception for <paramref name="subject"/> with its cause.</summary>
    public NatsJSNotAvailableException(string subject, string message, Exception innerException) : base(message, innerException)
    {
        Subject = subject;
    }

    /// <summary>The API subject or publish subject that had no responder.</summary>
    public string Subject { get; }
}
