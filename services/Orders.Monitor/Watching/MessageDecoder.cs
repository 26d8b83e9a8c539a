using System.Globalization;
using System.Text;
using System.Text.Json;
using Orders.Contracts;
using Orders.Contracts.Json;
using Orders.Contracts.Messaging;

namespace Orders.Monitor.Watching;

/// <summary>
/// Turns an <see cref="ObservedMessage"/> into a <see cref="MonitorEvent"/>. Pure and total: any
/// bytes on any subject give an event (a malformed payload is an event that says so), so one bad
/// message can never stop the monitor.
/// </summary>
internal static class MessageDecoder
{
    private const int PreviewChars = 80;

    public static MonitorEvent Decode(ObservedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var payload = message.Data.Span;
        return message.Subject switch
        {
            Subjects.Commands.SubmitOrder => Read<SubmitOrder>(message, MonitorEventKind.Command, c =>
                Event(message, MonitorEventKind.Command, c.OrderId, version: null, status: null,
                    $"customer {c.CustomerId}, {Items(c.Items)}, {Amount(Money.Total(c.Items), c.Currency)}")),
            Subjects.Commands.UpdateStatus => Read<UpdateStatus>(message, MonitorEventKind.Command, c =>
                Event(message, MonitorEventKind.Command, c.OrderId, version: null, status: null,
                    $"status {c.Status}, expectedVersion {(c.ExpectedVersion is { } v ? v.ToString(CultureInfo.InvariantCulture) : "any")}, request {c.RequestId}")),

            Subjects.Orders.Created => Read<OrderCreated>(message, MonitorEventKind.OrderEvent, e =>
                Versioned(message, e, $"total {Amount(e.Total, e.Currency)}, {Items(e.Items)}, customer {e.CustomerId}")),
            Subjects.Orders.Paid => Read<OrderPaid>(message, MonitorEventKind.OrderEvent, e =>
                Versioned(message, e, $"amount {Amount(e.Amount, e.Currency)}, payment {e.PaymentId}")),
            Subjects.Orders.PaymentFailed => Read<OrderPaymentFailed>(message, MonitorEventKind.OrderEvent, e =>
                Versioned(message, e, $"reason {e.Reason}, payment {e.PaymentId}")),
            Subjects.Orders.Shipped => Read<OrderShipped>(message, MonitorEventKind.OrderEvent, e =>
                Versioned(message, e, $"request {e.RequestId}")),
            Subjects.Orders.Delivered => Read<OrderDelivered>(message, MonitorEventKind.OrderEvent, e =>
                Versioned(message, e, $"request {e.RequestId}")),
            Subjects.Orders.Cancelled => Read<OrderCancelled>(message, MonitorEventKind.OrderEvent, e =>
                Versioned(message, e, $"request {e.RequestId}")),
            Subjects.Orders.UpdateRejected => Read<OrderUpdateRejected>(message, MonitorEventKind.Rejection, e =>
                Event(message, MonitorEventKind.Rejection, e.OrderId, version: null, status: null,
                    $"reason {e.Reason}, current {(e.CurrentStatus is { } s ? $"{s} v{e.CurrentVersion}" : "none")}, request {e.RequestId}")),

            Subjects.Payments.Captured => Read<PaymentCaptured>(message, MonitorEventKind.PaymentEvent, e =>
                Event(message, MonitorEventKind.PaymentEvent, e.OrderId, null, null, $"amount {Amount(e.Amount, e.Currency)}, payment {e.PaymentId}")),
            Subjects.Payments.Declined => Read<PaymentDeclined>(message, MonitorEventKind.PaymentEvent, e =>
                Event(message, MonitorEventKind.PaymentEvent, e.OrderId, null, null, $"reason {e.Reason}, payment {e.PaymentId}")),
            Subjects.Payments.Refunded => Read<PaymentRefunded>(message, MonitorEventKind.PaymentEvent, e =>
                Event(message, MonitorEventKind.PaymentEvent, e.OrderId, null, null, $"amount {Amount(e.Amount, e.Currency)}, payment {e.PaymentId}")),

            _ when message.Subject.StartsWith("deadletter.", StringComparison.Ordinal) => DeadLetter(message),
            _ => Unrecognised(message, payload),
        };
    }

    /// <summary>Reads the payload as <typeparamref name="T"/>; on failure an event that names the problem.</summary>
    private static MonitorEvent Read<T>(ObservedMessage message, MonitorEventKind kind, Func<T, MonitorEvent> describe)
        where T : class =>
        OrdersJson.TryDeserialize<T>(message.Data.Span, out var value, out var error)
            ? describe(value)
            : Malformed(message, kind, error);

    private static MonitorEvent Versioned(ObservedMessage message, IVersionedOrderEvent e, string details) =>
        Event(message, MonitorEventKind.OrderEvent, e.OrderId, e.Version, e.StatusAfter, details);

    private static MonitorEvent Event(ObservedMessage m, MonitorEventKind kind, string? orderId, int? version, OrderStatus? status, string details) =>
        new(m.Timestamp, m.Stream, m.Sequence, m.Subject, kind, orderId, version, status, details);

    private static MonitorEvent Malformed(ObservedMessage m, MonitorEventKind kind, string problem) =>
        new(m.Timestamp, m.Stream, m.Sequence, m.Subject, kind, TryFindOrderId(m.Data.Span), null, null, Preview(m.Data.Span), problem);

    /// <summary>A dead letter is the original message, unchanged, with headers saying why and where from.</summary>
    private static MonitorEvent DeadLetter(ObservedMessage m)
    {
        var reason = Header(m, MessageHeaders.DeadReason) is { Length: > 0 } r ? r : "(no Orders-Dead-Reason header)";
        var original = Header(m, MessageHeaders.OriginalSubject);
        var details = new StringBuilder();
        details.Append(CultureInfo.InvariantCulture, $"from {Subjects.LastToken(m.Subject)}");
        if (Header(m, MessageHeaders.OriginalSequence) is { } sequence)
        {
            details.Append(CultureInfo.InvariantCulture, $", original seq {sequence}");
        }

        if (Header(m, MessageHeaders.Deliveries) is { } deliveries)
        {
            details.Append(CultureInfo.InvariantCulture, $", deliveries {deliveries}");
        }

        details.Append(CultureInfo.InvariantCulture, $", payload {Preview(m.Data.Span)}");
        return new MonitorEvent(m.Timestamp, m.Stream, m.Sequence, m.Subject, MonitorEventKind.DeadLetter,
            TryFindOrderId(m.Data.Span), null, null, details.ToString(), DeadReason: reason, OriginalSubject: original);
    }

    /// <summary>A header's value (the last one when it was sent more than once); null when absent.</summary>
    private static string? Header(ObservedMessage m, string name) =>
        m.Headers is { } headers && headers.TryGetValue(name, out var values) && values.Count > 0 ? values[values.Count - 1] : null;

    private static MonitorEvent Unrecognised(ObservedMessage m, ReadOnlySpan<byte> payload)
    {
        var kind = m.Stream switch
        {
            Streams.Names.Orders => MonitorEventKind.OrderEvent,
            Streams.Names.Payments => MonitorEventKind.PaymentEvent,
            Streams.Names.DeadLetter => MonitorEventKind.DeadLetter,
            _ => MonitorEventKind.Command,
        };
        return Malformed(m, kind, $"{m.Subject} is not a subject of the contract") with { OrderId = TryFindOrderId(payload) };
    }

    /// <summary>Best effort for unreadable or foreign payloads: a top-level string <c>orderId</c>, if the bytes are a JSON object with one.</summary>
    private static string? TryFindOrderId(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isOrderId = reader.ValueTextEquals("orderId"u8);
                if (!reader.Read())
                {
                    return null;
                }

                if (isOrderId)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON (or cut short before the orderId): there is no order to name.
        }

        return null;
    }

    /// <summary>The start of the payload as one printable line, so a broken message can be recognised.</summary>
    internal static string Preview(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return "(empty)";
        }

        var text = Encoding.UTF8.GetString(payload[..Math.Min(payload.Length, PreviewChars * 4)]);
        var builder = new StringBuilder(PreviewChars + 16);
        foreach (var c in text)
        {
            if (builder.Length >= PreviewChars)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) ? '·' : c);
        }

        return builder.Append(CultureInfo.InvariantCulture, $" ({payload.Length} bytes)").ToString();
    }

    private static string Amount(decimal amount, string currency) =>
        $"{amount.ToString("#,0.00", CultureInfo.InvariantCulture)} {currency}";

    /// <summary>Items as a shopper counts them: the quantities summed over the lines.</summary>
    private static string Items(IReadOnlyList<OrderItem> lines)
    {
        var count = lines.Sum(line => (long)line.Quantity);
        return count == 1 ? "1 item" : $"{count.ToString("#,0", CultureInfo.InvariantCulture)} items";
    }
}
