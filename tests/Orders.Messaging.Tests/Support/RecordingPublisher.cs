using System.Collections.Concurrent;
using Orders.Messaging.Outbox;
using Orders.Messaging.Persistence;

namespace Orders.Messaging.Tests.Support;

/// <summary>
/// Test double for the broker boundary (the JetStream publisher): records what it was asked to
/// publish, in order, and can fail chosen event ids once, like a broker that is briefly unavailable.
/// </summary>
public sealed class RecordingPublisher : IOutboxPublisher
{
    private readonly ConcurrentQueue<string> _published = new();
    private readonly ConcurrentDictionary<string, byte> _failOnce = new();

    /// <summary>Event ids successfully published, in publish order.</summary>
    public IReadOnlyList<string> Published => [.. _published];

    /// <summary>The next publish of <paramref name="eventId"/> fails (asynchronously, like a failed ack).</summary>
    public void FailOnce(string eventId) => _failOnce[eventId] = 0;

    public async ValueTask PublishAsync(OutboxMessage message, CancellationToken ct)
    {
        // Like a real client: the message is "on the wire" (recorded) in call order before the
        // first await; the outcome (ack or failure) arrives asynchronously, which also lets
        // concurrent relays interleave.
        var fails = _failOnce.TryRemove(message.EventId, out _);
        if (!fails)
        {
            _published.Enqueue(message.EventId);
        }

        await Task.Yield();
        ct.ThrowIfCancellationRequested();
        if (fails)
        {
            throw new IOException($"Simulated publish failure for {message.EventId}.");
        }
    }
}
