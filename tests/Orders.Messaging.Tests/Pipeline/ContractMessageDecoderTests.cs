using Orders.Contracts;
using Orders.Contracts.Messaging;
using Orders.Messaging.Pipeline;
using Orders.Messaging.Tests.Pipeline.Support;

namespace Orders.Messaging.Tests.Pipeline;

public sealed class ContractMessageDecoderTests
{
    private readonly ContractMessageDecoder _decoder = new();

    public static TheoryData<string, string, Type, string, string> GoodMessages => new()
    {
        {
            Subjects.Commands.SubmitOrder,
            """{"orderId":"o-42","customerId":"c-7","currency":"USD","items":[{"sku":"SKU-1","quantity":2,"unitPrice":19.99}],"extra":true}""",
            typeof(SubmitOrder), "o-42", "submit-order:o-42"
        },
        {
            Subjects.Commands.UpdateStatus,
            """{"requestId":"r-1","orderId":"o-42","status":"Shipped","expectedVersion":2}""",
            typeof(UpdateStatus), "o-42", "update-status:r-1"
        },
        {
            Subjects.Orders.Shipped,
            """{"eventId":"shipped:o-42:3","orderId":"o-42","version":3,"occurredAt":"2026-11-21T08:00:00.000Z","requestId":"r-1"}""",
            typeof(OrderShipped), "o-42", "shipped:o-42:3"
        },
        {
            Subjects.Payments.Captured,
            """{"eventId":"captured:o-42","paymentId":"pay-o-42","orderId":"o-42","amount":39.98,"currency":"USD","occurredAt":"2026-11-21T08:00:00+00:00"}""",
            typeof(PaymentCaptured), "o-42", "captured:o-42"
        },
    };

    [Theory]
    [MemberData(nameof(GoodMessages))]
    public void Decode_ValidMessage_ReturnsOkWithTypeKeyAndMessageId(string subject, string json, Type type, string entityKey, string messageId)
    {
        var result = _decoder.Decode(subject, TestPayloads.Utf8(json));

        var ok = Assert.IsType<DecodeResult.Ok>(result);
        Assert.IsType(type, ok.Message);
        Assert.Equal(entityKey, ok.EntityKey);
        Assert.Equal(messageId, ok.MessageId);
    }

    [Theory]
    [InlineData("{\"orderId\":", "JSON")]
    [InlineData("", "empty")]
    [InlineData("""{"customerId":"c-7","currency":"USD","items":[{"sku":"SKU-1","quantity":2,"unitPrice":19.99}]}""", "orderId")]
    [InlineData("""{"orderId":"o-1","customerId":"c-7","currency":"USD","items":[{"sku":"SKU-1","quantity":"two","unitPrice":19.99}]}""", "quantity")]
    public void Decode_MalformedSubmitOrder_ReturnsInvalidNamingTheProblem(string json, string mentioned)
    {
        var result = _decoder.Decode(Subjects.Commands.SubmitOrder, TestPayloads.Utf8(json));

        var invalid = Assert.IsType<DecodeResult.Invalid>(result);
        Assert.Contains(mentioned, invalid.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Decode_NotUtf8_ReturnsInvalidSayingSo()
    {
        var result = _decoder.Decode(Subjects.Commands.SubmitOrder, [0x7B, 0xC3, 0x28, 0x7D]);

        Assert.Contains("UTF-8", Assert.IsType<DecodeResult.Invalid>(result).Reason);
    }

    [Fact]
    public void Decode_SeveralValidationProblems_JoinsThemAllInOneLine()
    {
        var json = """{"orderId":"o 1","customerId":"c-7","currency":"usd","items":[{"sku":"SKU-1","quantity":0,"unitPrice":1.999}]}""";

        var reason = Assert.IsType<DecodeResult.Invalid>(_decoder.Decode(Subjects.Commands.SubmitOrder, TestPayloads.Utf8(json))).Reason;

        Assert.Contains("orderId", reason);
        Assert.Contains("currency", reason);
        Assert.Contains("quantity", reason);
        Assert.Contains("unitPrice", reason);
        Assert.DoesNotContain('\n', reason);
    }

    [Fact]
    public void Decode_UpdateStatusToPaid_ReturnsInvalid()
    {
        var json = """{"requestId":"r-1","orderId":"o-42","status":"Paid"}""";

        var reason = Assert.IsType<DecodeResult.Invalid>(_decoder.Decode(Subjects.Commands.UpdateStatus, TestPayloads.Utf8(json))).Reason;

        Assert.Contains("status", reason);
    }

    [Fact]
    public void Decode_EventWithUnusableOrderId_ReturnsInvalid()
    {
        var json = """{"eventId":"shipped:x:3","orderId":"o/42","version":3,"occurredAt":"2026-11-21T08:00:00.000Z","requestId":"r-1"}""";

        var reason = Assert.IsType<DecodeResult.Invalid>(_decoder.Decode(Subjects.Orders.Shipped, TestPayloads.Utf8(json))).Reason;

        Assert.Contains("orderId", reason);
    }

    [Fact]
    public void Decode_UnknownSubject_ReturnsInvalidNamingIt()
    {
        var result = _decoder.Decode("commands.launch-rocket", TestPayloads.Utf8("{}"));

        Assert.StartsWith("unknown subject commands.launch-rocket", Assert.IsType<DecodeResult.Invalid>(result).Reason);
    }

    [Fact]
    public void Decode_SubjectNotHandledByThisConsumer_ReturnsIgnore()
    {
        var decoder = new ContractMessageDecoder(new HashSet<string> { Subjects.Orders.Created, Subjects.Orders.Cancelled });

        var result = decoder.Decode(Subjects.Orders.Shipped, TestPayloads.Shipped("o-1", 3));

        Assert.IsType<DecodeResult.Ignore>(result);
    }

    [Fact]
    public void KnownSubjects_CoverEveryCommandAndEventSubjectOfTheContract()
    {
        string[] expected =
        [
            Subjects.Commands.SubmitOrder, Subjects.Commands.UpdateStatus,
            Subjects.Orders.Created, Subjects.Orders.Paid, Subjects.Orders.PaymentFailed, Subjects.Orders.Shipped,
            Subjects.Orders.Delivered, Subjects.Orders.Cancelled, Subjects.Orders.UpdateRejected,
            Subjects.Payments.Captured, Subjects.Payments.Declined, Subjects.Payments.Refunded,
        ];

        Assert.Equal(expected.Order(), ContractMessageDecoder.KnownSubjects.Order());
    }

    [Fact]
    public void ToIncoming_OkResult_CarriesTheMessageWithItsOwnType()
    {
        var ok = Assert.IsType<DecodeResult.Ok>(_decoder.Decode(Subjects.Commands.SubmitOrder, TestPayloads.SubmitOrder("o-9")));
        var delivery = new DeliveryInfo("COMMANDS", 7, 2, DateTimeOffset.UnixEpoch);

        var incoming = Assert.IsType<Incoming<SubmitOrder>>(ok.ToIncoming(Subjects.Commands.SubmitOrder, delivery));

        Assert.Equal("o-9", incoming.Message.OrderId);
        Assert.Equal("submit-order:o-9", incoming.MessageId);
        Assert.Equal(delivery, incoming.Delivery);
    }
}
