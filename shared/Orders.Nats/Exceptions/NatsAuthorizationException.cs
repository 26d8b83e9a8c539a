namespace Orders.Nats;

/// <summary>
/// The server refused a publish or subscription (<c>Permissions Violation for Publish/Subscription to "subject"</c>)
/// or the credentials (<c>Authorization Violation</c>).
/// </summary>
public sealed class NatsAuthorizationException(string serverError, string? subject = null)
    : NatsServerErrorException(serverError)
{
    /// <summary>The subject the server named, when it did.</summary>
    public string? Subject { get; } = subject;
}
