using Orders.Messaging.Pipeline;

namespace Orders.Entities.Tests.Support;

/// <summary>Wraps a payload as the pipeline would deliver it.</summary>
public static class Messages
{
    private static long _sequence;

    public static Incoming<T> Incoming<T>(T message, string? messageId = null)
        where T : class
    {
        var sequence = (ulong)Interlocked.Increment(ref _sequence);
        return new Incoming<T>(message, messageId ?? $"msg-{sequence}", "test.subject", new DeliveryInfo("TEST", sequence, 1, DateTimeOffset.UtcNow));
    }
}
