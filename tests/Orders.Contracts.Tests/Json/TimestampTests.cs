using System.Text;
using Orders.Contracts.Json;

namespace Orders.Contracts.Tests.Json;

public sealed class TimestampTests
{
    [Theory]
    [InlineData("2026-11-21T08:00:00.000Z")]
    [InlineData("2026-11-21T08:00:00Z")]
    [InlineData("2026-11-21T08:00:00.000+00:00")]
    [InlineData("2026-11-21T08:00:00+00:00")]
    [InlineData("2026-11-21T08:00:00.0000000Z")]
    public void TryDeserialize_UtcTimestamp_ReadsTheInstant(string timestamp)
    {
        var ok = OrdersJson.TryDeserialize<OrderShipped>(Shipped(timestamp), out var shipped, out var error);

        Assert.True(ok, error);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero), shipped!.OccurredAt);
        Assert.Equal(TimeSpan.Zero, shipped.OccurredAt.Offset);
    }

    [Theory]
    [InlineData("2026-11-21T08:00:00")]
    [InlineData("2026-11-21T10:00:00+02:00")]
    [InlineData("2026-11-21")]
    [InlineData("21/11/2026 08:00")]
    [InlineData("yesterday")]
    public void TryDeserialize_NotAUtcTimestamp_FailsNamingOccurredAt(string timestamp)
    {
        var ok = OrdersJson.TryDeserialize<OrderShipped>(Shipped(timestamp), out _, out var error);

        Assert.False(ok);
        Assert.Equal($"occurredAt must be an ISO-8601 UTC timestamp such as 2026-11-21T08:00:00.000Z (was \"{timestamp}\")", error);
    }

    [Fact]
    public void TryDeserialize_TimestampAsNumber_FailsNamingTheToken()
    {
        var ok = OrdersJson.TryDeserialize<OrderShipped>(
            """{"eventId":"e","orderId":"o","version":1,"occurredAt":1763712000,"requestId":"r"}"""u8, out _, out var error);

        Assert.False(ok);
        Assert.Equal("occurredAt must be an ISO-8601 UTC timestamp such as 2026-11-21T08:00:00.000Z (was a number)", error);
    }

    [Fact]
    public void Serialize_NonUtcOffsetWithSubMilliseconds_WritesUtcWithThreeFractionDigits()
    {
        var local = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);

        var json = Encoding.UTF8.GetString(OrdersJson.Serialize(new OrderShipped("e", "o", 1, local, "r")));

        Assert.Contains("\"occurredAt\":\"2026-11-21T08:00:00.123Z\"", json, StringComparison.Ordinal);
    }

    private static byte[] Shipped(string timestamp) => Encoding.UTF8.GetBytes(
        $$"""{"eventId":"shipped:o-1:3","orderId":"o-1","version":3,"occurredAt":"{{timestamp}}","requestId":"r-1"}""");
}
