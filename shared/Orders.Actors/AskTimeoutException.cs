namespace Orders.Actors;

/// <summary>An Ask got no reply within its timeout. The message may still be handled later.</summary>
public sealed class AskTimeoutException(string message) : TimeoutException(message);
