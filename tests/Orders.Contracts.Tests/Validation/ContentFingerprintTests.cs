using System.Text;
using Orders.Contracts.Json;
using Orders.Contracts.Validation;

namespace Orders.Contracts.Tests.Validation;

public sealed class ContentFingerprintTests
{
    private const string ContractExample =
        """{"orderId":"o-42","customerId":"c-7","currency":"USD","items":[{"sku":"SKU-1","quantity":2,"unitPrice":19.99},{"sku":"SKU-2","quantity":1,"unitPrice":5}]}""";

    [Theory]
    [InlineData("""{"items":[{"unitPrice":19.99,"quantity":2,"sku":"SKU-1"},{"quantity":1,"sku":"SKU-2","unitPrice":5}],"currency":"USD","customerId":"c-7","orderId":"o-42"}""")]
    [InlineData("""
        {
          "orderId" : "o-42",
          "customerId" : "c-7",
          "currency" : "USD",
          "items" : [ { "sku" : "SKU-1", "quantity" : 2, "unitPrice" : 19.99 },
                      { "sku" : "SKU-2", "quantity" : 1, "unitPrice" : 5 } ]
        }
        """)]
    [InlineData("""{"orderId":"o-42","source":"web","customerId":"c-7","currency":"USD","items":[{"sku":"SKU-1","quantity":2,"unitPrice":19.99,"note":"x"},{"sku":"SKU-2","quantity":1,"unitPrice":5}]}""")]
    [InlineData("""{"orderId":"o-42","customerId":"c-7","currency":"USD","items":[{"sku":"SKU-1","quantity":2,"unitPrice":19.990},{"sku":"SKU-2","quantity":1,"unitPrice":5.00}]}""")]
    public void Of_SameContentWrittenDifferently_IsEqual(string json)
    {
        Assert.Equal(Fingerprint(ContractExample), Fingerprint(json));
    }

    [Fact]
    public void Of_DifferentOrderIdOnly_IsEqual()
    {
        var command = Read(ContractExample);

        Assert.Equal(ContentFingerprint.Of(command), ContentFingerprint.Of(command with { OrderId = "o-43" }));
    }

    public static TheoryData<string> Changes => new()
    {
        """{"orderId":"o-42","customerId":"c-8","currency":"USD","items":[{"sku":"SKU-1","quantity":2,"unitPrice":19.99},{"sku":"SKU-2","quantity":1,"unitPrice":5}]}""",
        """{"orderId":"o-42","customerId":"c-7","currency":"EUR","items":[{"sku":"SKU-1","quantity":2,"unitPrice":19.99},{"sku":"SKU-2","quantity":1,"unitPrice":5}]}""",
        """{"orderId":"o-42","customerId":"c-7","currency":"USD","items":[{"sku":"SKU-1","quantity":3,"unitPrice":19.99},{"sku":"SKU-2","quantity":1,"unitPrice":5}]}""",
        """{"orderId":"o-42","customerId":"c-7","currency":"USD","items":[{"sku":"SKU-1","quantity":2,"unitPrice":19.98},{"sku":"SKU-2","quantity":1,"unitPrice":5}]}""",
        """{"orderId":"o-42","customerId":"c-7","currency":"USD","items":[{"sku":"SKU-9","quantity":2,"unitPrice":19.99},{"sku":"SKU-2","quantity":1,"unitPrice":5}]}""",
        """{"orderId":"o-42","customerId":"c-7","currency":"USD","items":[{"sku":"SKU-2","quantity":1,"unitPrice":5},{"sku":"SKU-1","quantity":2,"unitPrice":19.99}]}""",
        """{"orderId":"o-42","customerId":"c-7","currency":"USD","items":[{"sku":"SKU-1","quantity":2,"unitPrice":19.99}]}""",
        """{"orderId":"o-42","customerId":"c-7","currency":"USD","items":[{"sku":"SKU-1","quantity":2,"unitPrice":19.99},{"sku":"SKU-2","quantity":1,"unitPrice":5},{"sku":"SKU-2","quantity":1,"unitPrice":5}]}""",
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Of_DifferentContent_Differs(string json)
    {
        Assert.NotEqual(Fingerprint(ContractExample), Fingerprint(json));
    }

    [Fact]
    public void Of_SkuContainingSeparatorLikeText_DoesNotCollideWithTwoLines()
    {
        var joined = new SubmitOrder("o-1", "c-1", "USD", [new OrderItem("A\",1,\"1\"],[\"B", 1, 1m)]);
        var split = new SubmitOrder("o-1", "c-1", "USD", [new OrderItem("A", 1, 1m), new OrderItem("B", 1, 1m)]);

        Assert.NotEqual(ContentFingerprint.Of(joined), ContentFingerprint.Of(split));
    }

    [Fact]
    public void Of_AnyCommand_IsVersionedSha256Hex()
    {
        Assert.Matches("^v1:[0-9a-f]{64}$", Fingerprint(ContractExample));
    }

    [Fact]
    public void SameContent_ReorderedKeys_IsTrue()
    {
        var first = Read(ContractExample);
        var second = Read("""{"currency":"USD","items":[{"sku":"SKU-1","unitPrice":19.99,"quantity":2},{"sku":"SKU-2","quantity":1,"unitPrice":5}],"customerId":"c-7","orderId":"o-42"}""");

        Assert.True(ContentFingerprint.SameContent(first, second));
    }

    [Fact]
    public void SameContent_OtherQuantity_IsFalse()
    {
        var first = Read(ContractExample);

        Assert.False(ContentFingerprint.SameContent(first, first with { Items = [new OrderItem("SKU-1", 1, 19.99m)] }));
    }

    [Fact]
    public void Of_CommandWithNullLine_Throws()
    {
        var invalid = new SubmitOrder("o-1", "c-1", "USD", [null!]);

        Assert.Throws<ArgumentException>(() => ContentFingerprint.Of(invalid));
    }

    private static string Fingerprint(string json) => ContentFingerprint.Of(Read(json));

    private static SubmitOrder Read(string json)
    {
        Assert.True(OrdersJson.TryDeserialize<SubmitOrder>(Encoding.UTF8.GetBytes(json), out var command, out var error), error);
        return command;
    }
}
