using NATS.Client.Core;
using Orders.Contracts;
using Orders.Contracts.Messaging;
using Orders.Monitor.Console;
using Orders.Monitor.Tests.Support;

namespace Orders.Monitor.Tests.Console;

/// <summary>One test per kind of console line; the expected lines are the documented format, column for column.</summary>
public sealed class ConsoleLineFormatterTests
{
    private static readonly DateTimeOffset At = Observed.StoredAt;

    [Fact]
    public void Format_SubmitOrderCommand_ShowsCustomerItemsAndTotal()
    {
        var line = Format(Subjects.Commands.SubmitOrder,
            new SubmitOrder("o-42", "c-7", "USD", [new OrderItem("SKU-1", 2, 19.99m), new OrderItem("SKU-2", 1, 1250m)]));

        Assert.Equal("08:00:00.123  commands.submit-order       o-42          -     customer c-7, 3 items, 1,289.98 USD", line);
    }

    [Fact]
    public void Format_UpdateStatusCommand_ShowsStatusAndExpectedVersion()
    {
        var line = Format(Subjects.Commands.UpdateStatus, new UpdateStatus("r-1", "o-42", OrderStatus.Shipped, 2));

        Assert.Equal("08:00:00.123  commands.update-status      o-42          -     status Shipped, expectedVersion 2, request r-1", line);
    }

    [Fact]
    public void Format_UpdateStatusCommandWithoutExpectedVersion_SaysAny()
    {
        var line = Format(Subjects.Commands.UpdateStatus, new UpdateStatus("r-1", "o-42", OrderStatus.Cancelled));

        Assert.EndsWith("status Cancelled, expectedVersion any, request r-1", line);
    }

    [Fact]
    public void Format_OrderCreated_ShowsVersionTotalAndCurrency()
    {
        var line = Format(Subjects.Orders.Created,
            new OrderCreated("created:o-42:1", "o-42", 1, At, "c-7", [new OrderItem("SKU-1", 2, 19.99m)], 39.98m, "USD"));

        Assert.Equal("08:00:00.123  orders.created              o-42          v1    total 39.98 USD, 2 items, customer c-7", line);
    }

    [Fact]
    public void Format_OrderPaid_ShowsAmount()
    {
        var line = Format(Subjects.Orders.Paid, new OrderPaid("paid:o-42:2", "o-42", 2, At, "pay-o-42", 39.98m, "USD"));

        Assert.Equal("08:00:00.123  orders.paid                 o-42          v2    amount 39.98 USD, payment pay-o-42", line);
    }

    [Fact]
    public void Format_OrderPaymentFailed_ShowsReason()
    {
        var line = Format(Subjects.Orders.PaymentFailed,
            new OrderPaymentFailed("payment-failed:o-42:2", "o-42", 2, At, "pay-o-42", DeclineReasons.LimitExceeded));

        Assert.Equal("08:00:00.123  orders.payment-failed       o-42          v2    reason limit-exceeded, payment pay-o-42", line);
    }

    [Theory]
    [InlineData(Subjects.Orders.Shipped, 3)]
    [InlineData(Subjects.Orders.Delivered, 4)]
    [InlineData(Subjects.Orders.Cancelled, 3)]
    public void Format_StatusChangeEvent_ShowsVersionAndRequest(string subject, int version)
    {
        var payload = $$"""{"eventId":"x","orderId":"o-42","version":{{version}},"occurredAt":"2026-11-21T08:00:00.000Z","requestId":"r-9"}""";

        var line = ConsoleLineFormatter.Format(Observed.Decode(subject, payload), colour: false);

        Assert.Equal($"08:00:00.123  {subject,-26}  o-42          v{version}    request r-9", line);
    }

    [Fact]
    public void Format_UpdateRejected_ShowsReasonAndCurrentState()
    {
        var line = Format(Subjects.Orders.UpdateRejected,
            new OrderUpdateRejected("update-rejected:r-1", "o-42", At, "r-1", RejectionReasons.VersionConflict, OrderStatus.Paid, 2));

        Assert.Equal("08:00:00.123  orders.update-rejected      o-42          -     reason version-conflict, current Paid v2, request r-1", line);
    }

    [Fact]
    public void Format_PaymentCaptured_ShowsAmount()
    {
        var line = Format(Subjects.Payments.Captured, new PaymentCaptured("captured:o-42", "pay-o-42", "o-42", 39.98m, "USD", At));

        Assert.Equal("08:00:00.123  payments.captured           o-42          -     amount 39.98 USD, payment pay-o-42", line);
    }

    [Fact]
    public void Format_PaymentDeclined_ShowsReason()
    {
        var line = Format(Subjects.Payments.Declined, new PaymentDeclined("declined:o-42", "pay-o-42", "o-42", DeclineReasons.Cancelled, At));

        Assert.Equal("08:00:00.123  payments.declined           o-42          -     reason cancelled, payment pay-o-42", line);
    }

    [Fact]
    public void Format_PaymentRefunded_ShowsAmount()
    {
        var line = Format(Subjects.Payments.Refunded, new PaymentRefunded("refunded:o-42", "pay-o-42", "o-42", 12.5m, "EUR", At));

        Assert.Equal("08:00:00.123  payments.refunded           o-42          -     amount 12.50 EUR, payment pay-o-42", line);
    }

    [Fact]
    public void Format_DeadLetter_ShowsReasonAndOriginalSubject()
    {
        var headers = new NatsHeaders
        {
            { MessageHeaders.DeadReason, "quantity must be between 1 and 1000 (was 0)" },
            { MessageHeaders.OriginalSubject, Subjects.Commands.SubmitOrder },
            { MessageHeaders.OriginalSequence, "12" },
            { MessageHeaders.Deliveries, "1" },
        };

        var e = Observed.Decode("deadletter.order-service", """{"orderId":"o-42","items":[]}""", headers);

        Assert.Equal(
            "08:00:00.123  deadletter.order-service    o-42          -     DEAD LETTER: quantity must be between 1 and 1000 (was 0) | original commands.submit-order | " +
            """from order-service, original seq 12, deliveries 1, payload {"orderId":"o-42","items":[]} (29 bytes)""",
            ConsoleLineFormatter.Format(e, colour: false));
    }

    [Fact]
    public void Format_DeadLetterWithoutHeaders_SaysTheReasonIsMissing()
    {
        var e = Observed.Decode("deadletter.payment-service", "not json");

        Assert.Contains("DEAD LETTER: (no Orders-Dead-Reason header) | original (unknown)", ConsoleLineFormatter.Format(e, colour: false));
    }

    [Fact]
    public void Format_MalformedPayload_SaysWhatIsWrongAndShowsThePayload()
    {
        var e = Observed.Decode(Subjects.Orders.Paid, """{"orderId":"o-42","version":"two"}""");

        var line = ConsoleLineFormatter.Format(e, colour: false);

        Assert.StartsWith("08:00:00.123  orders.paid                 o-42          -     MALFORMED: ", line);
        Assert.Contains("""| payload {"orderId":"o-42","version":"two"} (34 bytes)""", line);
    }

    [Fact]
    public void Format_BinaryPayload_IsShownAsPrintableTextOnOneLine()
    {
        var e = Orders.Monitor.Watching.MessageDecoder.Decode(Observed.Message(Subjects.Orders.Created, [0x00, 0x0A, 0xFF, 0x41]));

        var line = ConsoleLineFormatter.Format(e, colour: false);

        Assert.Contains("MALFORMED: the payload is not valid UTF-8 text", line);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public void Format_WithColour_WrapsTheLineInItsKindsColourAndDimsTheTime()
    {
        var e = Observed.Decode(Subjects.Orders.Paid, new OrderPaid("paid:o-42:2", "o-42", 2, At, "pay-o-42", 39.98m, "USD"));

        var line = ConsoleLineFormatter.Format(e, colour: true);

        Assert.StartsWith("\u001b[2m08:00:00.123\u001b[0m  \u001b[32morders.paid", line);
        Assert.EndsWith("\u001b[0m", line);
    }

    [Theory]
    [InlineData(Subjects.Commands.UpdateStatus, """{"requestId":"r-1","orderId":"o-1","status":"Shipped"}""", "\u001b[36m")]
    [InlineData(Subjects.Payments.Declined, """{"eventId":"d","paymentId":"p","orderId":"o-1","reason":"x","occurredAt":"2026-11-21T08:00:00.000Z"}""", "\u001b[35m")]
    [InlineData(Subjects.Orders.UpdateRejected, """{"eventId":"e","orderId":"o-1","occurredAt":"2026-11-21T08:00:00.000Z","requestId":"r","reason":"unknown-order","currentStatus":null,"currentVersion":0}""", "\u001b[33m")]
    [InlineData("deadletter.order-service", "{}", "\u001b[1;31m")]
    [InlineData(Subjects.Orders.Created, "{", "\u001b[31m")]
    public void Format_WithColour_UsesOneColourPerKind(string subject, string payload, string colour)
    {
        var line = ConsoleLineFormatter.Format(Observed.Decode(subject, payload), colour: true);

        Assert.Contains("  " + colour + subject, line);
    }

    [Fact]
    public void Format_WithoutColour_HasNoEscapeSequences()
    {
        var e = Observed.Decode("deadletter.order-service", "{}");

        Assert.DoesNotContain('\u001b', ConsoleLineFormatter.Format(e, colour: false));
    }

    private static string Format<T>(string subject, T message) =>
        ConsoleLineFormatter.Format(Observed.Decode(subject, message), colour: false);
}
