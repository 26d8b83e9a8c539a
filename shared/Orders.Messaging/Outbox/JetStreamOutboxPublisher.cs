using System.Diagnostics;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Orders.Messaging.Persistence;
using Orders.Contracts.Messaging;
using Orders.Messaging.Pipeline.Internal;
using Orders.Messaging.Tracing;

namespace Orders.Messaging.Outbox;

/// <summary>
/// The outbox relay's broker: publishes each row to JetStream with <c>Nats-Msg-Id</c> = its event
/// id (docs/contract.md), and completes when the stream acknowledged it. A republish after a crash
/// is dropped by the stream's duplicate window and answered with <c>duplicate: true</c>, which
/// counts as stored.
/// </summary>
/// <remarks>
/// Pipelining: NATS.Net writes a publish before its first wait for the connection (the ack is
/// awaited afterwards), so the relay's batch of calls goes out back to back, in call order, with
/// the acks outstanding together. Should two ever cross, nothing breaks: consumers nak a version
/// gap until its predecessor arrives.
/// </remarks>
public sealed class JetStreamOutboxPublisher(INatsJSContext js) : IOutboxPublisher
{
    /// <inheritdoc />
    public ValueTask PublishAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var opts = new NatsJSPubOpts { MsgId = message.EventId };
        var span = StartPublishSpan(message);
        var traceParent = OrdersTracing.TraceParentOf(span) ?? message.TraceParent;
        try
        {
            var pending = js.PublishAsync<ReadOnlyMemory<byte>>(message.Subject, message.Payload, RawBytes.Instance, opts, ToHeaders(message.Headers, traceParent), ct);
            return AwaitAckAsync(pending, span);
        }
        catch (Exception ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            span?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A Producer span in the trace of the row (child of the span that committed it), ended by the
    /// stream's ack. Not left current: the relay starts the next row's publish right after this one.
    /// </summary>
    private static Activity? StartPublishSpan(OutboxMessage message)
    {
        var ambient = Activity.Current;
        var span = OrdersTracing.Source.StartActivity($"publish {message.Subject}", ActivityKind.Producer, OrdersTracing.Parse(message.TraceParent));
        Activity.Current = ambient;
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("messaging.system", "nats");
            span.SetTag("messaging.destination.name", message.Subject);
            span.SetTag("messaging.message.id", message.EventId);
            span.SetTag("orders.outbox_id", message.Id);
            if (OrdersTracing.OrderIdOfEventId(message.EventId) is { } orderId)
            {
                span.SetTag(OrdersTracing.OrderIdTag, orderId);
            }
        }

        return span;
    }

    private static async ValueTask AwaitAckAsync(ValueTask<PubAckResponse> pending, Activity? span)
    {
        using (span)
        {
            // Not EnsureSuccess(): it throws on a duplicate, which here is a row published before a crash.
            PubAckResponse ack;
            try
            {
                ack = await pending.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                span?.SetStatus(ActivityStatusCode.Error, ex.Message);
                throw;
            }

            if (ack.Error is { } error)
            {
                span?.SetStatus(ActivityStatusCode.Error, error.Description);
                throw new NatsJSApiException(error);
            }

            span?.SetTag("orders.duplicate", ack.Duplicate);
        }
    }

    private static NatsHeaders? ToHeaders(IReadOnlyDictionary<string, string>? headers, string? traceParent)
    {
        if (headers is not { Count: > 0 } && traceParent is null)
        {
            return null;
        }

        var result = new NatsHeaders();
        foreach (var (key, value) in headers ?? new Dictionary<string, string>())
        {
            result.Add(key, value);
        }

        if (traceParent is not null)
        {
            result[MessageHeaders.TraceParent] = traceParent;
        }

        return result;
    }
}
