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
    public async IAsyncEnumerable<NatsJSMsg> ConsumePushAsync(
        string stream, string consumer, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var info = await GetConsumerAsync(stream, consumer, ct).ConfigureAwait(false);
        var deliverSubject = info.Config.DeliverSubject
            ?? throw new InvalidOperationException($"Consumer {stream}/{consumer} is a pull consumer: use FetchAsync or ConsumeAsync.");
        var group = info.Config.DeliverGroup;
        TimeSpan? watchdog = info.Config.IdleHeartbeat > TimeSpan.Zero ? info.Config.IdleHeartbeat * MissedHeartbeatsBeforeCheck : null;

        var sub = await Connection.SubscribeCoreAsync(deliverSubject, group, ct).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var (outcome, msg) = await ChannelReads.ReadAsync(sub.Msgs, watchdog, CancellationToken.None, ct).ConfigureAwait(false);
                if (outcome == ReadOutcome.Completed)
                {
                    yield break;
                }

                if (outcome != ReadOutcome.Message)
                {
                    // In a deliver group each heartbeat reaches one member only, so silence alone proves
                    // nothing: ask the server whether it still sees a subscriber before re-subscribing.
                    if (!await IsPushConsumerBoundAsync(stream, consumer, watchdog!.Value, ct).ConfigureAwait(false))
                    {
                        await sub.DisposeAsync().ConfigureAwait(false);
                        sub = await Connection.SubscribeCoreAsync(deliverSubject, group, ct).ConfigureAwait(false);
                    }

                    continue;
                }

                if (await HandlePushStatusAsync(stream, consumer, msg, ct).ConfigureAwait(false))
                {
                    continue;
                }

                if (!NatsJSMsgMetadata.TryParse(msg.ReplyTo, out var metadata))
                {
                    JSLog.NotAJetStreamMessage(_logger, msg.Subject);
                    continue;
                }

                yield return new NatsJSMsg(msg, metadata, this);
            }
        }
        finally
        {
            await sub.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Handles status messages (heartbeats, flow control, conflicts); true when <paramref name="msg"/> was one.</summary>
    private async ValueTask<bool> HandlePushStatusAsync(string stream, string consumer, NatsMsg msg, CancellationToken ct)
    {
        if (msg.Headers is not { Code: > 0 } headers)
        {
            return false;
        }

        if (headers.Code == JSStatusCodes.ControlMessage)
        {
            if (!string.IsNullOrEmpty(msg.ReplyTo))
            {
                // Flow-control request: the server pauses delivery until this empty reply arrives.
                await Connection.PublishAsync(msg.ReplyTo, ReadOnlyMemory<byte>.Empty, headers: null, replyTo: null, ct).ConfigureAwait(false);
            }
            else if (headers.TryGetValue(JSHeaderNames.ConsumerStalled, out var stalledReply))
            {
                // A heartbeat saying our flow-control reply got lost: answer it here.
                await Connection.PublishAsync(stalledReply, ReadOnlyMemory<byte>.Empty, headers: null, replyTo: null, ct).ConfigureAwait(false);
            }

            return true;
        }

        JSLog.ConsumerStatus(_logger, headers.Code, headers.Description, stream, consumer);
        return true;
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
