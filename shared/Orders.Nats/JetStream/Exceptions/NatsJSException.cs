namespace Orders.Nats.JetStream;

/// <summary>Base of every JetStream failure raised by this client.</summary>
public class NatsJSException : NatsException
{
    /// <summary>Creates the exception.</summary>
    public NatsJSException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public NatsJSException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
