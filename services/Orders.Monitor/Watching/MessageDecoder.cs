using System.Globalization;
using System.Text;
using System.Text.Json;
using Orders.Contracts;
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
        if (ContractRegistry.TryFind(message.Subject, out var contract))
        {
            var kind = KindOf(contract);
            return contract.TryDeserialize(message.Data.Span, out var value, out var error)
                ? Describe(message, kind, value)
                : Malformed(message, kind, error);
        }

        return message.Subject.StartsWith("deadletter.", StringComparison.Ordinal)
            ? DeadLetter(message)
            : Unrecognised(message, message.Data.Span);
    }

    private static MonitorEventKind KindOf(ContractMessage contract) =>
        !contract.IsEvent ? MonitorEventKind.Command
        : contract.Stream == Streams.Payments ? MonitorEventKind.PaymentEvent
        : contract.Move is not null ? MonitorEventKind.OrderEvent
        : MonitorEventKind.Rejection;

    /// <summary>
    /// The details line of a decoded message. Only the wording is per type: a message of the registry
    /// without a line here (a new event) is still shown, by the fields every event has.
    /// </summary>
    private static MonitorEvent Describe(ObservedMessage message, MonitorEventKind kind, object value) => value switch
    {
        SubmitOrder c => Event(message, kind, c.OrderId, version: null, status: null,
            $"customer {c.CustomerId}, {Items(c.Items)}, {Amount(Money.Total(c.Items), c.Currency)}"),
        UpdateStatus c => Event(message, kind, c.OrderId, version: null, status: null,
            $"status {c.Status}, expectedVersion {(c.ExpectedVersion is { } v ? v.ToString(CultureInfo.InvariantCulture) : "any")}, request {c.RequestId}"),

        OrderCreated e => Versioned(message, e, $"total {Amount(e.Total, e.Currency)}, {Items(e.Items)}, customer {e.CustomerId}"),
        OrderPaid e => Versioned(message, e, $"amount {Amount(e.Amount, e.Currency)}, payment {e.PaymentId}"),
        OrderPaymentFailed e => Versioned(message, e, $"reason {e.Reason}, payment {e.PaymentId}"),
        OrderShipped e => Versioned(message, e, $"request {e.RequestId}"),
        OrderDelivered e => Versioned(message, e, $"request {e.RequestId}"),
        OrderCancelled e => Versioned(message, e, $"request {e.RequestId}"),
        OrderUpdateRejected e => Event(message, kind, e.OrderId, version: null, status: null,
            $"reason {e.Reason}, current {(e.CurrentStatus is { } s ? $"{s} v{e.CurrentVersion}" : "none")}, request {e.RequestId}"),

        PaymentCaptured e => Event(message, kind, e.OrderId, null, null, $"amount {Amount(e.Amount, e.Currency)}, payment {e.PaymentId}"),
        PaymentDeclined e => Event(message, kind, e.OrderId, null, null, $"reason {e.Reason}, payment {e.PaymentId}"),
        PaymentRefunded e => Event(message, kind, e.OrderId, null, null, $"amount {Amount(e.Amount, e.Currency)}, payment {e.PaymentId}"),

        IVersionedOrderEvent e => Versioned(message, e, $"event {e.EventId}"),
        IEvent e => Event(message, kind, e.OrderId, null, null, $"event {e.EventId}"),
        _ => Event(message, kind, orderId: null, version: null, status: null, Preview(message.Data.Span)),
    };

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
