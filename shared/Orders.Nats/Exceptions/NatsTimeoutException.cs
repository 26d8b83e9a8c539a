namespace Orders.Nats;

/// <summary>A request got no reply within its timeout.</summary>
public sealed class NatsTimeoutException(string subject, TimeSpan timeout)
    : NatsException($"Request to '{subject}' got no reply within {timeout.TotalMilliseconds:0} ms.")
{
    public string Subject { get; } = subject;

    public TimeSpan Timeout { get; } = timeout;
}
