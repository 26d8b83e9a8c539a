namespace Orders.Nats;

/// <summary>The server answered with <c>-ERR</c>; <see cref="ServerError"/> is its text.</summary>
public class NatsServerErrorException(string serverError)
    : NatsException($"NATS server error: {serverError}")
{
    public string ServerError { get; } = serverError;
}
