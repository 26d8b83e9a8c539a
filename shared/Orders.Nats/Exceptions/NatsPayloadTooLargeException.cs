namespace Orders.Nats;

/// <summary>A message (headers plus payload) is bigger than the server's <c>max_payload</c>; nothing was sent.</summary>
public sealed class NatsPayloadTooLargeException(string subject, long size, int maxPayload)
    : NatsException($"Message to '{subject}' is {size} bytes (headers + payload) but the server accepts at most {maxPayload} bytes (max_payload).")
{
    public long Size { get; } = size;

    public int MaxPayload { get; } = maxPayload;
}
