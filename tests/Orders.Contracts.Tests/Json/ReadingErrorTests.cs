using System.Text;
using Orders.Contracts.Json;

namespace Orders.Contracts.Tests.Json;

/// <summary>Bad payloads never throw: they come back as one plain line naming what is wrong.</summary>
public sealed class ReadingErrorTests
{
    public static TheoryData<string, string> BadSubmitOrders => new()
    {
        // Not JSON at all.
        { """nope""", "the payload is not valid JSON: 'nope' is an invalid JSON literal. Expected the literal 'null' (line 1, byte 2)" },
        { """{"orderId":"o-1",""", "the payload is not valid JSON: Expected start of a property name or value, but instead reached end of data (line 1, byte 17)" },
        { """{"orderId":"o-1"} trailing""", "the payload is not valid JSON: 't' is invalid after a single JSON value. Expected end of data (line 1, byte 19)" },
        // Wrong shape at the root.
        { """[1,2]""", "the payload must be an object (was an array)" },
        { "\"text\"", "the payload must be an object (was \"text\")" },
        // Missing required properties.
        { """{"customerId":"c-7","currency":"USD","items":[]}""", "orderId is required" },
        { """{}""", "orderId is required; customerId is required; currency is required; items is required" },
        { """{"orderId":"o-1","customerId":"c-7","currency":"USD","items":[{"sku":"S","quantity":2}]}""", "items[0].unitPrice is required" },
        // Nulls where the contract has a value.
        { """{"orderId":null,"customerId":"c-7","currency":"USD","items":[]}""", "orderId must be a string (was null)" },
        { """{"orderId":"o-1","customerId":"c-7","currency":"USD","items":null}""", "items must be an array (was null)" },
        // Wrong types.
        { """{"orderId":42,"customerId":"c-7","currency":"USD","items":[]}""", "orderId must be a string (was 42)" },
        { """{"orderId":"o-1","customerId":"c-7","currency":"USD","items":{}}""", "items must be an array (was an object)" },
        { """{"orderId":"o-1","customerId":"c-7","currency":"USD","items":[5]}""", "items[0] must be an object (was 5)" },
        { """{"orderId":"o-1","customerId":"c-7","currency":"USD","items":[{"sku":"S","quantity":"2","unitPrice":1}]}""", "items[0].quantity must be an integer (was \"2\")" },
        { """{"orderId":"o-1","customerId":"c-7","currency":"USD","items":[{"sku":"S","quantity":2.5,"unitPrice":1}]}""", "items[0].quantity must be an integer (was 2.5)" },
        { """{"orderId":"o-1","customerId":"c-7","currency":"USD","items":[{"sku":"S","quantity":1e12,"unitPrice":1}]}""", "items[0].quantity must be an integer (was 1e12)" },
        { """{"orderId":"o-1","customerId":"c-7","currency":"USD","items":[{"sku":"S","quantity":1,"unitPrice":"19.99"}]}""", "items[0].unitPrice must be a number (was \"19.99\")" },
        { """{"orderId":"o-1","customerId":"c-7","currency":"USD","items":[{"sku":true,"quantity":1,"unitPrice":1}]}""", "items[0].sku must be a string (was true)" },
    };

    [Theory]
    [MemberData(nameof(BadSubmitOrders))]
    public void TryDeserialize_BadSubmitOrder_ReturnsPlainError(string json, string expectedError)
    {
        var ok = OrdersJson.TryDeserialize<SubmitOrder>(Encoding.UTF8.GetBytes(json), out var order, out var error);

        Assert.False(ok);
        Assert.Null(order);
        Assert.Equal(expectedError, error);
    }

    public static TheoryData<string, string> BadUpdateStatuses => new()
    {
        { """{"requestId":"r-1","orderId":"o-1","status":"shipped"}""", "status must be one of Created, Paid, PaymentFailed, Shipped, Delivered, Cancelled (was \"shipped\")" },
        { """{"requestId":"r-1","orderId":"o-1","status":"Lost"}""", "status must be one of Created, Paid, PaymentFailed, Shipped, Delivered, Cancelled (was \"Lost\")" },
        { """{"requestId":"r-1","orderId":"o-1","status":"Shipped, Delivered"}""", "status must be one of Created, Paid, PaymentFailed, Shipped, Delivered, Cancelled (was \"Shipped, Delivered\")" },
        { """{"requestId":"r-1","orderId":"o-1","status":3}""", "status must be one of Created, Paid, PaymentFailed, Shipped, Delivered, Cancelled (was a number)" },
        { """{"requestId":"r-1","orderId":"o-1"}""", "status is required" },
        { """{"requestId":"r-1","orderId":"o-1","status":"Shipped","expectedVersion":"2"}""", "expectedVersion must be an integer (was \"2\")" },
        { """{"requestId":"r-1","orderId":"o-1","status":"Shipped","expectedVersion":1.5}""", "expectedVersion must be an integer (was 1.5)" },
    };

    [Theory]
    [MemberData(nameof(BadUpdateStatuses))]
    public void TryDeserialize_BadUpdateStatus_ReturnsPlainError(string json, string expectedError)
    {
        var ok = OrdersJson.TryDeserialize<UpdateStatus>(Encoding.UTF8.GetBytes(json), out _, out var error);

        Assert.False(ok);
        Assert.Equal(expectedError, error);
    }

    [Fact]
    public void TryDeserialize_NotUtf8_SaysSo()
    {
        byte[] latin1 = [.. "{\"orderId\":\"caf"u8, 0xE9, .. "\",\"customerId\":\"c\",\"currency\":\"USD\",\"items\":[]}"u8];

        var ok = OrdersJson.TryDeserialize<SubmitOrder>(latin1, out _, out var error);

        Assert.False(ok);
        Assert.Equal("the payload is not valid UTF-8 text", error);
    }

    [Fact]
    public void TryDeserialize_Empty_SaysSo()
    {
        var ok = OrdersJson.TryDeserialize<SubmitOrder>(ReadOnlySpan<byte>.Empty, out _, out var error);

        Assert.False(ok);
        Assert.Equal("the payload is empty", error);
    }

    [Fact]
    public void TryDeserialize_JsonNull_SaysAnObjectWasExpected()
    {
        var ok = OrdersJson.TryDeserialize<SubmitOrder>("null"u8, out _, out var error);

        Assert.False(ok);
        Assert.Equal("the payload is JSON null, expected an object", error);
    }

    [Fact]
    public void TryDeserialize_UnknownCurrentStatus_NamesTheProperty()
    {
        var ok = OrdersJson.TryDeserialize<OrderUpdateRejected>(
            """{"eventId":"e","orderId":"o","occurredAt":"2026-11-21T08:00:00.000Z","requestId":"r","reason":"x","currentStatus":"Lost","currentVersion":1}"""u8,
            out _,
            out var error);

        Assert.False(ok);
        Assert.StartsWith("currentStatus must be one of Created,", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDeserialize_VeryLongBadValue_QuotesOnlyTheStartOfIt()
    {
        var json = $$"""{"requestId":"r-1","orderId":"o-1","status":"{{new string('x', 500)}}"}""";

        var ok = OrdersJson.TryDeserialize<UpdateStatus>(Encoding.UTF8.GetBytes(json), out _, out var error);

        Assert.False(ok);
        Assert.EndsWith($"(was \"{new string('x', 80)}...\")", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDeserialize_NullItemInArray_IsLeftToValidation()
    {
        // Collections do not carry nullability, so the reader lets a null line through; the
        // validator reports it in the same plain words as every other rule.
        var ok = OrdersJson.TryDeserialize<SubmitOrder>(
            """{"orderId":"o-1","customerId":"c-7","currency":"USD","items":[null]}"""u8, out var order, out var error);

        Assert.True(ok, error);
        Assert.Null(Assert.Single(order!.Items));
    }
}
