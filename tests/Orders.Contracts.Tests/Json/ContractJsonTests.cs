using System.Buffers;
using System.Text;
using Orders.Contracts.Json;

namespace Orders.Contracts.Tests.Json;

/// <summary>Every message serialises to exactly the contract's JSON and reads back unchanged.</summary>
public sealed class ContractJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    public static TheoryData<object, string> Messages => new()
    {
        {
            new SubmitOrder("o-42", "c-7", "USD", [new OrderItem("SKU-1", 2, 19.99m)]),
            """{"orderId":"o-42","customerId":"c-7","currency":"USD","items":[{"sku":"SKU-1","quantity":2,"unitPrice":19.99}]}"""
        },
        {
            new UpdateStatus("r-1", "o-42", OrderStatus.Shipped, 2),
            """{"requestId":"r-1","orderId":"o-42","status":"Shipped","expectedVersion":2}"""
        },
        {
            new UpdateStatus("r-1", "o-42", OrderStatus.Cancelled),
            """{"requestId":"r-1","orderId":"o-42","status":"Cancelled"}"""
        },
        {
            new OrderCreated("created:o-42:1", "o-42", 1, At, "c-7", [new OrderItem("SKU-1", 2, 19.99m)], 39.98m, "USD"),
            """{"eventId":"created:o-42:1","orderId":"o-42","version":1,"occurredAt":"2026-11-21T08:00:00.000Z","customerId":"c-7","items":[{"sku":"SKU-1","quantity":2,"unitPrice":19.99}],"total":39.98,"currency":"USD"}"""
        },
        {
            new OrderPaid("paid:o-42:2", "o-42", 2, At, "pay-o-42", 39.98m, "USD"),
            """{"eventId":"paid:o-42:2","orderId":"o-42","version":2,"occurredAt":"2026-11-21T08:00:00.000Z","paymentId":"pay-o-42","amount":39.98,"currency":"USD"}"""
        },
        {
            new OrderPaymentFailed("payment-failed:o-42:2", "o-42", 2, At, "pay-o-42", "limit-exceeded"),
            """{"eventId":"payment-failed:o-42:2","orderId":"o-42","version":2,"occurredAt":"2026-11-21T08:00:00.000Z","paymentId":"pay-o-42","reason":"limit-exceeded"}"""
        },
        {
            new OrderShipped("shipped:o-42:3", "o-42", 3, At, "r-1"),
            """{"eventId":"shipped:o-42:3","orderId":"o-42","version":3,"occurredAt":"2026-11-21T08:00:00.000Z","requestId":"r-1"}"""
        },
        {
            new OrderDelivered("delivered:o-42:4", "o-42", 4, At, "r-2"),
            """{"eventId":"delivered:o-42:4","orderId":"o-42","version":4,"occurredAt":"2026-11-21T08:00:00.000Z","requestId":"r-2"}"""
        },
        {
            new OrderCancelled("cancelled:o-42:2", "o-42", 2, At, "r-3"),
            """{"eventId":"cancelled:o-42:2","orderId":"o-42","version":2,"occurredAt":"2026-11-21T08:00:00.000Z","requestId":"r-3"}"""
        },
        {
            new OrderUpdateRejected("update-rejected:r-4", "o-42", At, "r-4", "version-conflict", OrderStatus.Paid, 2),
            """{"eventId":"update-rejected:r-4","orderId":"o-42","occurredAt":"2026-11-21T08:00:00.000Z","requestId":"r-4","reason":"version-conflict","currentStatus":"Paid","currentVersion":2}"""
        },
        {
            new OrderUpdateRejected("update-rejected:r-5", "o-9", At, "r-5", "unknown-order", null, 0),
            """{"eventId":"update-rejected:r-5","orderId":"o-9","occurredAt":"2026-11-21T08:00:00.000Z","requestId":"r-5","reason":"unknown-order","currentStatus":null,"currentVersion":0}"""
        },
        {
            new PaymentCaptured("captured:o-42", "pay-o-42", "o-42", 39.98m, "USD", At),
            """{"eventId":"captured:o-42","paymentId":"pay-o-42","orderId":"o-42","amount":39.98,"currency":"USD","occurredAt":"2026-11-21T08:00:00.000Z"}"""
        },
        {
            new PaymentDeclined("declined:o-42", "pay-o-42", "o-42", "cancelled", At),
            """{"eventId":"declined:o-42","paymentId":"pay-o-42","orderId":"o-42","reason":"cancelled","occurredAt":"2026-11-21T08:00:00.000Z"}"""
        },
        {
            new PaymentRefunded("refunded:o-42", "pay-o-42", "o-42", 12.50m, "EUR", At),
            """{"eventId":"refunded:o-42","paymentId":"pay-o-42","orderId":"o-42","amount":12.50,"currency":"EUR","occurredAt":"2026-11-21T08:00:00.000Z"}"""
        },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Serialize_ContractMessage_WritesExactContractJson(object message, string expectedJson)
    {
        var json = Encoding.UTF8.GetString(SerializeAsItsType(message));

        Assert.Equal(expectedJson, json);
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void TryDeserialize_ContractJson_ReadsBackTheSameMessage(object message, string contractJson)
    {
        var read = DeserializeAs(message.GetType(), contractJson);

        Assert.Equal(contractJson, Encoding.UTF8.GetString(SerializeAsItsType(read)));
    }

    [Fact]
    public void Serialize_IntoBufferWriter_WritesTheSameBytesAsToArray()
    {
        var message = new OrderShipped("shipped:o-1:3", "o-1", 3, At, "r-1");
        var buffer = new ArrayBufferWriter<byte>();

        OrdersJson.Serialize(buffer, message);
        OrdersJson.Serialize(buffer, message);

        var once = OrdersJson.Serialize(message);
        Assert.Equal([.. once, .. once], buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Serialize_TypeOutsideTheContract_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => OrdersJson.Serialize(new Uri("http://example.org")));
    }

    [Fact]
    public void TryDeserialize_ContractExampleWithUnknownProperties_IgnoresThem()
    {
        const string json = """
            {"orderId":"o-42","note":"gift","customerId":"c-7","currency":"USD",
             "items":[{"sku":"SKU-1","colour":"red","quantity":2,"unitPrice":19.99,"tags":[1,{"a":null}]}],
             "meta":{"source":"web","nested":{"deep":[true,false]}}}
            """;

        var ok = OrdersJson.TryDeserialize<SubmitOrder>(Encoding.UTF8.GetBytes(json), out var order, out var error);

        Assert.True(ok, error);
        Assert.Equal("o-42", order!.OrderId);
        Assert.Equal(new OrderItem("SKU-1", 2, 19.99m), Assert.Single(order.Items));
    }

    [Fact]
    public void TryDeserialize_UpdateStatusWithoutExpectedVersion_HasNullExpectedVersion()
    {
        var ok = OrdersJson.TryDeserialize<UpdateStatus>(
            """{"requestId":"r-1","orderId":"o-42","status":"Delivered"}"""u8, out var update, out var error);

        Assert.True(ok, error);
        Assert.Equal(new UpdateStatus("r-1", "o-42", OrderStatus.Delivered, null), update);
    }

    [Fact]
    public void TryDeserialize_ExpectedVersionNull_HasNullExpectedVersion()
    {
        var ok = OrdersJson.TryDeserialize<UpdateStatus>(
            """{"requestId":"r-1","orderId":"o-42","status":"Shipped","expectedVersion":null}"""u8, out var update, out var error);

        Assert.True(ok, error);
        Assert.Null(update!.ExpectedVersion);
    }

    [Theory]
    [InlineData("Created", OrderStatus.Created)]
    [InlineData("Paid", OrderStatus.Paid)]
    [InlineData("PaymentFailed", OrderStatus.PaymentFailed)]
    [InlineData("Shipped", OrderStatus.Shipped)]
    [InlineData("Delivered", OrderStatus.Delivered)]
    [InlineData("Cancelled", OrderStatus.Cancelled)]
    public void TryDeserialize_StatusName_ReadsTheEnumMember(string name, OrderStatus expected)
    {
        var json = $$"""{"requestId":"r-1","orderId":"o-42","status":"{{name}}"}""";

        var ok = OrdersJson.TryDeserialize<UpdateStatus>(Encoding.UTF8.GetBytes(json), out var update, out var error);

        Assert.True(ok, error);
        Assert.Equal(expected, update!.Status);
    }

    [Fact]
    public void TryDeserialize_MoneyWithTrailingZeros_KeepsTheValue()
    {
        var ok = OrdersJson.TryDeserialize<PaymentCaptured>(
            """{"eventId":"captured:o-1","paymentId":"pay-o-1","orderId":"o-1","amount":12.500,"currency":"USD","occurredAt":"2026-11-21T08:00:00.000Z"}"""u8,
            out var captured,
            out var error);

        Assert.True(ok, error);
        Assert.Equal(12.5m, captured!.Amount);
    }

    private static byte[] SerializeAsItsType(object message) => message switch
    {
        SubmitOrder m => OrdersJson.Serialize(m),
        UpdateStatus m => OrdersJson.Serialize(m),
        OrderCreated m => OrdersJson.Serialize(m),
        OrderPaid m => OrdersJson.Serialize(m),
        OrderPaymentFailed m => OrdersJson.Serialize(m),
        OrderShipped m => OrdersJson.Serialize(m),
        OrderDelivered m => OrdersJson.Serialize(m),
        OrderCancelled m => OrdersJson.Serialize(m),
        OrderUpdateRejected m => OrdersJson.Serialize(m),
        PaymentCaptured m => OrdersJson.Serialize(m),
        PaymentDeclined m => OrdersJson.Serialize(m),
        PaymentRefunded m => OrdersJson.Serialize(m),
        _ => throw new ArgumentException(message.GetType().Name),
    };

    private static object DeserializeAs(Type type, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        object? read = type.Name switch
        {
            nameof(SubmitOrder) => Read<SubmitOrder>(bytes),
            nameof(UpdateStatus) => Read<UpdateStatus>(bytes),
            nameof(OrderCreated) => Read<OrderCreated>(bytes),
            nameof(OrderPaid) => Read<OrderPaid>(bytes),
            nameof(OrderPaymentFailed) => Read<OrderPaymentFailed>(bytes),
            nameof(OrderShipped) => Read<OrderShipped>(bytes),
            nameof(OrderDelivered) => Read<OrderDelivered>(bytes),
            nameof(OrderCancelled) => Read<OrderCancelled>(bytes),
            nameof(OrderUpdateRejected) => Read<OrderUpdateRejected>(bytes),
            nameof(PaymentCaptured) => Read<PaymentCaptured>(bytes),
            nameof(PaymentDeclined) => Read<PaymentDeclined>(bytes),
            nameof(PaymentRefunded) => Read<PaymentRefunded>(bytes),
            _ => throw new ArgumentException(type.Name),
        };
        return read!;
    }

    private static T Read<T>(byte[] json)
        where T : class
    {
        Assert.True(OrdersJson.TryDeserialize<T>(json, out var value, out var error), error);
        return value;
    }
}
