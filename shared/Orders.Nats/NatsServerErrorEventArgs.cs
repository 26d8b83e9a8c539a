namespace Orders.Nats;

/// <summary>The server sent <c>-ERR</c>. <see cref="Exception"/> is the typed form (e.g. <see cref="NatsAuthorizationException"/>).</summary>
public sealed class NatsServerErrorEventArgs(NatsServerErrorException exception) : EventArgs
{
    /// <summary>The error text as the server sent it, without quotes.</summary>
    public string Error => Exception.ServerError;

    public NatsServerErrorException Exception { get; } = exception;
}
