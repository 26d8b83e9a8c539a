using System.Diagnostics;
using NATS.Client.Core;
using Orders.Contracts.Messaging;

namespace Orders.Messaging.Tracing;

/// <summary>
/// Our own spans (ActivitySource <see cref="SourceName"/>) and the W3C trace context carried in the
/// <c>traceparent</c> NATS header, so that one order is one trace across every service
/// (docs/architecture.md, "Tracing").
/// </summary>
public static class OrdersTracing
{
    /// <summary>The ActivitySource of every span the Orders code starts itself.</summary>
    public const string SourceName = "Orders.Messaging";

    /// <summary>Tag on every span of ours that knows its order: how the monitor finds an order's trace.</summary>
    public const string OrderIdTag = "orders.order_id";

    /// <summary>Tag on a consumer span: the consumer (<c>STREAM/durable</c>).</summary>
    public const string ConsumerTag = "orders.consumer";

    /// <summary>Tag on a consumer span: how the pipeline settled the message (ack, nak, dead-letter...).</summary>
    public const string OutcomeTag = "orders.outcome";

    /// <summary>Tag on a consumer span: milliseconds between the stream storing the message and this instance receiving it.</summary>
    public const string QueueWaitTag = "orders.queue_wait_ms";

    /// <summary>Tag on a consumer span: 1 for the first delivery, more for a redelivery.</summary>
    public const string DeliveryTag = "orders.delivery";

    /// <summary>The source; a listener (the OpenTelemetry SDK) decides whether its spans are recorded.</summary>
    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>The trace context a message was published in, or default (invalid) when it carries none or garbage.</summary>
    public static ActivityContext Extract(NatsHeaders? headers)
    {
        if (headers is not null
            && headers.TryGetValue(MessageHeaders.TraceParent, out var values)
            && values.Count > 0
            && ActivityContext.TryParse(values[0], traceState: null, isRemote: true, out var context))
        {
            return context;
        }

        return default;
    }

    /// <summary>Parses a stored <c>traceparent</c>; default (invalid) when null or malformed.</summary>
    public static ActivityContext Parse(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, traceState: null, isRemote: true, out var context)
            ? context
            : default;

    /// <summary>The <c>traceparent</c> of <paramref name="activity"/> (W3C ids only), or null.</summary>
    public static string? TraceParentOf(Activity? activity) =>
        activity is { IdFormat: ActivityIdFormat.W3C } ? activity.Id : null;

    /// <summary>
    /// Starts an Internal span that continues <paramref name="parent"/> and becomes
    /// <see cref="Activity.Current"/>. When nothing records our spans (tracing off, or the parent not
    /// sampled) it still starts a bare activity under that parent, unrecorded and cheap, so that
    /// whatever this code publishes carries the trace (and its sampled flag) on to services that do record it.
    /// </summary>
    public static Activity? StartContinuing(string name, ActivityContext parent, string? orderId)
    {
        var activity = Source.StartActivity(name, ActivityKind.Internal, parent);
        if (activity is null && parent != default)
        {
            activity = new Activity(name).SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags).Start();
        }

        if (activity is { IsAllDataRequested: true } && orderId is not null)
        {
            activity.SetTag(OrderIdTag, orderId);
        }

        return activity;
    }

    /// <summary>
    /// The order id in one of our event ids (<c>&lt;type&gt;:&lt;orderId&gt;[:&lt;version&gt;]</c>, see
    /// <see cref="EventIds"/>), or null for ids that name no order (a rejection's request id).
    /// </summary>
    public static string? OrderIdOfEventId(string eventId)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        var parts = eventId.Split(':');
        return parts.Length >= 2 && parts[0] != Subjects.LastToken(Subjects.Orders.UpdateRejected) ? parts[1] : null;
    }
}
