using Orders.Messaging.Persistence;
using Orders.Nats;
using Orders.Nats.JetStream;

namespace Orders.Messaging.Outbox;

/// <summary>
/// The outbox relay's broker: publishes each row to JetStream with <c>Nats-Msg-Id</c> = its event
/// id (CONTRACT.md), pipelined through one <see cref="NatsJSPublisher"/>, and completes when the
/// stream acknowledged it. A republish after a crash is dropped by the stream's duplicate window.
/// </summary>
/// <remarks>
/// Order: <see cref="IOutboxPublisher"/> requires messages on the wire in call order. The fast path
/// hands the message to the connection inside the call; when that cannot happen at once (the
/// publisher is still being created, or its ack window is full), this call and every later one
/// are chained behind the previous hand-off, so a later row can never overtake an earlier one.
/// </remarks>
public sealed class JetStreamOutboxPublisher : IOutboxPublisher, IAsyncDisposable
{
    private readonly NatsJSContext _js;
    private readonly int _maxOutstanding;
    private readonly Lock _gate = new();
    private Task<NatsJSPublisher>? _publisher;
    private Task _lastHandOff = Task.CompletedTask;

    /// <summary>Creates the publisher; at most <paramref name="maxOutstanding"/> acks are awaited at a time.</summary>
    public JetStreamOutboxPublisher(NatsJSContext js, int maxOutstanding = NatsJSPublisher.DefaultMaxOutstanding)
    {
        ArgumentNullException.ThrowIfNull(js);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOutstanding, 1);
        _js = js;
        _maxOutstanding = maxOutstanding;
    }

    /// <inheritdoc />
    public ValueTask PublishAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        Task<Task<PubAckResponse>> handOff;
        lock (_gate)
        {
            if (_publisher is null || _publisher.IsFaulted || _publisher.IsCanceled)
            {
                _publisher = _js.CreatePublisherAsync(_maxOutstanding, CancellationToken.None).AsTask();
            }

            var publisher = _publisher;
            var previous = _lastHandOff;
            handOff = previous.IsCompleted && publisher.IsCompletedSuccessfully
                ? Send(publisher.Result, message, ct).AsTask()
                : SendAfterAsync(previous, publisher, message, ct);
            _lastHandOff = handOff;
        }

        return AwaitAckAsync(handOff);
    }

    /// <summary>Waits for outstanding acks (up to the request timeout) and drops the ack subscription.</summary>
    public async ValueTask DisposeAsync()
    {
        Task<NatsJSPublisher>? publisher;
        lock (_gate)
        {
            publisher = _publisher;
            _publisher = null;
        }

        if (publisher is { IsCompletedSuccessfully: true })
        {
            await publisher.Result.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static ValueTask<Task<PubAckResponse>> Send(NatsJSPublisher publisher, OutboxMessage message, CancellationToken ct) =>
        publisher.PublishAsync(message.Subject, message.Payload, new NatsJSPubOpts { MsgId = message.EventId }, ToHeaders(message.Headers), ct);

    private static async Task<Task<PubAckResponse>> SendAfterAsync(
        Task previous, Task<NatsJSPublisher> publisher, OutboxMessage message, CancellationToken ct)
    {
        // The previous message's failure is its own caller's business; only its turn matters here.
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return await Send(await publisher.ConfigureAwait(false), message, ct).ConfigureAwait(false);
    }

    private static async ValueTask AwaitAckAsync(Task<Task<PubAckResponse>> handOff)
    {
        var ack = await handOff.ConfigureAwait(false);
        await ack.ConfigureAwait(false);
    }

    private static NatsHeaders? ToHeaders(IReadOnlyDictionary<string, string>? headers)
    {
        if (headers is not { Count: > 0 })
        {
            return null;
        }

        var result = new NatsHeaders();
        foreach (var (key, value) in headers)
        {
            result.Add(key, value);
        }

        return result;
    }
}
