using System.Diagnostics;
using Akka.Actor;
using Orders.Messaging.Tracing;
using NATS.Client.JetStream;

namespace Orders.Messaging.Pipeline.Internal;

internal sealed partial class ConsumerPipeline
{
    /// <summary>
    /// Starts handling one delivery and returns at once. Synchronous on purpose: the Ask is enqueued
    /// in the entity's mailbox before the next delivery is looked at, so each order's messages reach
    /// its actor in delivery order while different orders are handled in parallel.
    /// </summary>
    private void Dispatch(INatsJSMsg<byte[]> msg)
    {
        Task settling;
        var sequence = 0UL;
        try
        {
            var metadata = msg.Meta();
            sequence = metadata.Sequence.Stream;
            var numDelivered = (int)Math.Min(metadata.NumDelivered, int.MaxValue);
            _stats.Delivered(Name, numDelivered);
            settling = ProcessAsync(msg, metadata, numDelivered);
        }
        catch (Exception ex)
        {
            // Only a bug gets here; the message is left unacked and comes again after the ack wait.
            LogDispatchFailed(ex, Name, msg.Subject, sequence);
            settling = Task.CompletedTask;
        }

        settling.ContinueWith(
            static (_, tracker) => ((InFlightTracker)tracker!).Exit(),
            _inFlight,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>
    /// One delivery inside its consumer span. Runs synchronously up to the first await, so the Ask is
    /// still enqueued before <see cref="Dispatch"/> returns; and being an async method, the span it
    /// makes current stays with this message's continuations instead of leaking into the receive loop.
    /// </summary>
    private async Task ProcessAsync(INatsJSMsg<byte[]> msg, NatsJSMsgMetadata metadata, int numDelivered)
    {
        var received = Stopwatch.GetTimestamp();
        var queueWait = DateTimeOffset.UtcNow - metadata.Timestamp;
        using var span = ConsumerSpans.Start(Name, msg, metadata, numDelivered);
        Task settling;
        try
        {
            var decoded = _decoder.Decode(msg.Subject, msg.Payload().Span);
            if (decoded is DecodeResult.Ok { EntityKey: var orderId } && span is { IsAllDataRequested: true })
            {
                span.SetTag(OrdersTracing.OrderIdTag, orderId);
            }

            // Without a recorded span the publisher's context still travels on, to the outbox rows.
            var trace = span?.Context ?? OrdersTracing.Extract(msg.Headers);
            settling = decoded switch
            {
                DecodeResult.Ok ok => SettleAsync(msg, numDelivered, Ask(ok, msg, metadata, numDelivered, trace)),
                DecodeResult.Invalid invalid => DeadLetterAsync(msg, numDelivered, invalid.Reason),
                _ => AckAsync(msg, PipelineOutcome.Ignored),
            };
        }
        catch (Exception ex)
        {
            // Only a bug gets here; the message is left unacked and comes again after the ack wait.
            LogDispatchFailed(ex, Name, msg.Subject, metadata.Sequence.Stream);
            return;
        }

        await settling.ConfigureAwait(false);
        _stats.Settled(Name, Stopwatch.GetElapsedTime(received), queueWait > TimeSpan.Zero ? queueWait : TimeSpan.Zero);
    }

    private ValueTask<MessageOutcome> Ask(DecodeResult.Ok ok, INatsJSMsg<byte[]> msg, NatsJSMsgMetadata metadata, int numDelivered, ActivityContext trace)
    {
        var delivery = new DeliveryInfo(metadata.Stream, metadata.Sequence.Stream, numDelivered, metadata.Timestamp, trace);
        try
        {
            // Not cancelled on shutdown: a stopping consumer lets in-flight asks finish (bounded by the ask timeout).
            return _region.AskAsync<MessageOutcome>(ok.EntityKey, ok.ToIncoming(msg.Subject, delivery), _definition.AskTimeout, CancellationToken.None);
        }
        catch (Exception ex)
        {
            return ValueTask.FromException<MessageOutcome>(ex);
        }
    }

    /// <summary>Waits for the actor's outcome; a timeout or an actor failure counts as a transient failure.</summary>
    private async Task SettleAsync(INatsJSMsg<byte[]> msg, int numDelivered, ValueTask<MessageOutcome> ask)
    {
        MessageOutcome outcome;
        try
        {
            outcome = await ask.ConfigureAwait(false)
                ?? MessageOutcome.Retry("the actor replied without an outcome");
        }
        catch (AskTimeoutException)
        {
            outcome = MessageOutcome.Retry($"no outcome from the actor within {_definition.AskTimeout.TotalSeconds:0.###} s");
        }
        catch (Exception ex)
        {
            outcome = MessageOutcome.Retry($"the actor failed: {ex.Message}", ex);
        }

        await ApplyAsync(msg, numDelivered, outcome).ConfigureAwait(false);
    }
}
