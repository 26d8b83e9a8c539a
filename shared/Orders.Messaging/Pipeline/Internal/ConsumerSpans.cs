using System.Diagnostics;
using NATS.Client.JetStream;
using Orders.Messaging.Tracing;

namespace Orders.Messaging.Pipeline.Internal;

/// <summary>
/// The spans of one delivery: a Consumer span, child of the publisher's <c>traceparent</c>, from the
/// moment the stream stored the message until it is settled, with a "queue wait" child covering
/// stored -> received, so waiting in the stream is told apart from handling (the entity's "handle"
/// span) and the commit under it.
/// </summary>
internal static class ConsumerSpans
{
    public const string QueueWaitName = "queue wait";

    /// <summary>Starts the consumer span (it becomes <see cref="Activity.Current"/>) and records its queue wait; null when nothing records our spans.</summary>
    public static Activity? Start(string consumer, INatsJSMsg<byte[]> msg, NatsJSMsgMetadata metadata, int numDelivered)
    {
        var source = OrdersTracing.Source;
        if (!source.HasListeners())
        {
            return null;
        }

        var received = DateTimeOffset.UtcNow;

        // The stream's clock, not ours: never let a skew put the start after the receipt.
        var stored = metadata.Timestamp < received ? metadata.Timestamp : received;
        var parent = OrdersTracing.Extract(msg.Headers);
        var span = source.StartActivity($"process {msg.Subject}", ActivityKind.Consumer, parent, startTime: stored);
        if (span is null)
        {
            return null;
        }

        if (span.IsAllDataRequested)
        {
            var queueWait = received - stored;
            span.SetTag("messaging.system", "nats");
            span.SetTag("messaging.destination.name", msg.Subject);
            span.SetTag("messaging.consumer.group.name", metadata.Consumer);
            span.SetTag(OrdersTracing.ConsumerTag, consumer);
            span.SetTag("orders.stream_sequence", (long)metadata.Sequence.Stream);
            span.SetTag(OrdersTracing.DeliveryTag, numDelivered);
            span.SetTag(OrdersTracing.QueueWaitTag, Math.Round(queueWait.TotalMilliseconds, 3));
            var wait = source.StartActivity(QueueWaitName, ActivityKind.Internal, span.Context, startTime: stored);
            wait?.SetEndTime(received.UtcDateTime);
            wait?.Stop();

            // Stopping a span started under an explicit parent context need not restore the consumer span as current.
            Activity.Current = span;
        }

        return span;
    }

    /// <summary>Tags the current consumer span, if it is one of ours, with how the message was settled.</summary>
    public static void TagOutcome(PipelineOutcome outcome)
    {
        if (Activity.Current is { Kind: ActivityKind.Consumer, IsAllDataRequested: true } span && span.Source == OrdersTracing.Source)
        {
            span.SetTag(OrdersTracing.OutcomeTag, outcome.ToString());
        }
    }
}
