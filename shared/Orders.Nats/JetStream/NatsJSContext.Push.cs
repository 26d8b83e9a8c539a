using System.Runtime.CompilerServices;
using Orders.Nats.JetStream.Internal;

namespace Orders.Nats.JetStream;

public sealed partial class NatsJSContext
{
    // A push consumer's heartbeat is "missed" after this many intervals without any message.
    private const int MissedHeartbeatsBeforeCheck = 3;

    /// <summary>
    /// Creates or updates the push consumer <paramref name="config"/> (it needs a
    /// <see cref="ConsumerConfig.DeliverSubject"/>) and consumes it; see
    /// <see cref="ConsumePushAsync(string, string, CancellationToken)"/>.
    /// </summary>
    public async IAsyncEnumerable<NatsJSMsg> ConsumePushAsync(
        string stream, ConsumerConfig config, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.DeliverSubject is null)
        {
            throw new ArgumentException("A push consumer needs a DeliverSubject.", nameof(config));
        }

        await CreateOrUpdateConsumerAsync(stream, config, ct).ConfigureAwait(false);
        await foreach (var msg in ConsumePushAsync(stream, config.DurableName, ct).ConfigureAwait(false))
        {
            yield return msg;
        }
    }

    /// <summary>
    /// Consumes an existing push consumer: subscribes to its deliver subject, in its deliver group
    /// when it has one (so instances share the messages, each message going to one of them).
    /// Flow-control requests are answered and heartbeats watched here; status messages never
    /// reach the caller. When heartbeats stop, the consumer is looked up again: a deleted consumer
    /// ends the enumeration with <see cref="NatsJSConsumerNotFoundException"/>, an unbound one is
    /// re-subscribed. Runs until <paramref name="ct"/> is cancelled.
    /// </summary>
    public IAsyncEnumerable<NatsJSMsg> ConsumePushAsync(string stream, string consumer, CancellationToken ct = default) =>
        ConsumePushAsync(stream, consumer, stopReceiving: CancellationToken.None, ct);

    /// <summary>
    /// Like <see cref="ConsumePushAsync(string, string, CancellationToken)"/>, with a graceful stop:
    /// when <paramref name="stopReceiving"/> fires, the subscription is ended at the server (no new
    /// deliveries; in a deliver group the other members get them), the messages already received are
    /// still yielded, then the enumeration ends normally, so the caller can settle every message it
    /// was given before it exits. <paramref name="ct"/> stops at once (the buffered messages are
    /// then redelivered after the ack wait).
    /// </summary>
    public IAsyncEnumerable<NatsJSMsg> ConsumePushAsync(string stream, string consumer, CancellationToken stopReceiving, CancellationToken ct) =>
        ConsumePushCoreAsync(stream, consumer, known: null, stopReceiving, ct);

    /// <summary>
    /// Consumes the push consumer that <paramref name="consumer"/> describes, as returned by
    /// <see cref="CreateEphemeralConsumerAsync"/> or <see cref="CreateOrUpdateConsumerAsync"/>,
    /// without looking it up again; otherwise like <see cref="ConsumePushAsync(string, string, CancellationToken)"/>
    /// (flow control answered, heartbeats watched, a deleted consumer ends the enumeration with
    /// <see cref="NatsJSConsumerNotFoundException"/>). With <see cref="ConsumerAckPolicy.None"/> the
    /// messages need no acknowledgement; their <see cref="NatsJSMsg.Metadata"/> is still there.
    /// </summary>
    public IAsyncEnumerable<NatsJSMsg> ConsumePushAsync(ConsumerInfo consumer, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        return ConsumePushCoreAsync(consumer.StreamName, consumer.Name, consumer, stopReceiving: CancellationToken.None, ct);
    }

    /// <summary>The push loop; <paramref name="known"/> saves the consumer lookup when the caller just created it.</summary>
    private async IAsyncEnumerable<NatsJSMsg> ConsumePushCoreAsync(
        string stream, string consumer, ConsumerInfo? known, CancellationToken stopReceiving, [EnumeratorCancellation] CancellationToken ct)
    {
        var info = known ?? await GetConsumerAsync(stream, consumer, ct).ConfigureAwait(false);
        var deliverSubject = info.Config.DeliverSubject
            ?? throw new InvalidOperationException($"Consumer {stream}/{consumer} is a pull consumer: use FetchAsync or ConsumeAsync.");
        var group = info.Config.DeliverGroup;
        TimeSpan? watchdog = info.Config.IdleHeartbeat > TimeSpan.Zero ? info.Config.IdleHeartbeat * MissedHeartbeatsBeforeCheck : null;
        Func<CancellationToken, ValueTask<JSMsgSubscription>> subscribe =
            token => JSMsgSubscription.SubscribeAsync(this, deliverSubject, group, stream, consumer, token);

        await using var subscription = new PushSubscription(await subscribe(ct).ConfigureAwait(false), stopReceiving);
        using var reader = new BufferedMsgReader();
        while (true)
        {
            var (outcome, msg) = await reader.ReadAsync(subscription.Msgs, watchdog, wake: default, ct).ConfigureAwait(false);
            if (outcome == ReadOutcome.Completed)
            {
                yield break;
            }

            if (outcome != ReadOutcome.Message)
            {
                // In a deliver group each heartbeat reaches one member only, so silence alone proves
                // nothing: ask the server whether it still sees a subscriber before re-subscribing.
                if (!subscription.IsDraining && !await IsPushConsumerBoundAsync(stream, consumer, watchdog!.Value, ct).ConfigureAwait(false))
                {
                    await subscription.ReplaceAsync(subscribe, ct).ConfigureAwait(false);
                }

                continue;
            }

            if (msg.Headers is { Code: > 0 } status)
            {
                await HandlePushStatusAsync(stream, consumer, msg, status, ct).ConfigureAwait(false);
                continue;
            }

            if (!msg.HasAckSubject)
            {
                JSLog.NotAJetStreamMessage(_logger, msg.Subject);
                continue;
            }

            yield return msg;
        }
    }

    /// <summary>Answers flow control; logs other status messages (heartbeats need nothing: their arrival resets the watchdog).</summary>
    private async ValueTask HandlePushStatusAsync(string stream, string consumer, NatsJSMsg msg, NatsHeaders headers, CancellationToken ct)
    {
        if (headers.Code == JSStatusCodes.ControlMessage)
        {
            if (!msg.ReplyToBytes.IsEmpty)
            {
                // Flow-control request: the server pauses delivery until this empty reply arrives.
                await Connection.PublishToServerSubjectAsync(msg.ReplyToBytes, ReadOnlyMemory<byte>.Empty, ct).ConfigureAwait(false);
            }
            else if (headers.TryGetValue(JSHeaderNames.ConsumerStalled, out var stalledReply))
            {
                // A heartbeat saying our flow-control reply got lost: answer it here.
                await Connection.PublishAsync(stalledReply, ReadOnlyMemory<byte>.Empty, headers: null, replyTo: null, ct).ConfigureAwait(false);
            }

            return;
        }

        JSLog.ConsumerStatus(_logger, headers.Code, headers.Description, stream, consumer);
    }

    /// <summary>After missed heartbeats: is the consumer still there and does the server see our subscription?</summary>
    private async ValueTask<bool> IsPushConsumerBoundAsync(string stream, string consumer, TimeSpan silence, CancellationToken ct)
    {
        try
        {
            var info = await GetConsumerAsync(stream, consumer, ct).ConfigureAwait(false);
            if (!info.PushBound)
            {
                JSLog.Resubscribing(_logger, stream, consumer, silence);
            }

            return info.PushBound;
        }
        catch (NatsJSConsumerNotFoundException)
        {
            JSLog.ConsumerGone(_logger, stream, consumer);
            throw;
        }
        catch (NatsException ex) when (ex is not NatsJSApiException)
        {
            // Disconnected or JetStream restarting: keep the subscription (the connection restores it) and look again later.
            JSLog.ConsumerInfoUnavailable(_logger, stream, consumer, silence, ex);
            return true;
        }
    }
}
