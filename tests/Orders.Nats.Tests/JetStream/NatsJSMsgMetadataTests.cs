using Orders.Nats.JetStream;

namespace Orders.Nats.Tests.JetStream;

public sealed class NatsJSMsgMetadataTests
{
    [Fact]
    public void TryParse_NineTokenAckSubject_ReadsEveryField()
    {
        var ok = NatsJSMsgMetadata.TryParse("$JS.ACK.ORDERS.order-service.3.1042.77.1795252913091882735.12", out var metadata);

        Assert.True(ok);
        Assert.Equal(
            new NatsJSMsgMetadata(
                "ORDERS",
                "order-service",
                NumDelivered: 3,
                new NatsJSSequencePair(Stream: 1042, Consumer: 77),
                DateTimeOffset.UnixEpoch.AddTicks(1795252913091882735 / 100),
                NumPending: 12,
                Domain: ""),
            metadata);
    }

    [Fact]
    public void TryParse_TwelveTokenFormWithDomain_ReadsDomainAndShiftedFields()
    {
        var ok = NatsJSMsgMetadata.TryParse("$JS.ACK.hub.ACCHASH.ORDERS.svc.1.5.6.1700000000000000000.0.r4nd0m", out var metadata);

        Assert.True(ok);
        Assert.Equal("hub", metadata!.Domain);
        Assert.Equal("ORDERS", metadata.Stream);
        Assert.Equal("svc", metadata.Consumer);
        Assert.Equal(1UL, metadata.NumDelivered);
        Assert.Equal(new NatsJSSequencePair(5, 6), metadata.Sequence);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), metadata.Timestamp);
        Assert.Equal(0UL, metadata.NumPending);
    }

    [Fact]
    public void TryParse_TwelveTokenFormWithUnderscoreDomain_MeansNoDomain()
    {
        var ok = NatsJSMsgMetadata.TryParse("$JS.ACK._.ACCHASH.S.C.2.9.8.1700000000000000000.4.tok", out var metadata);

        Assert.True(ok);
        Assert.Equal("", metadata!.Domain);
        Assert.Equal(2UL, metadata.NumDelivered);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("_INBOX.abc.1")]
    [InlineData("$JS.ACK.S.C.1.2.3.4")]            // 8 tokens
    [InlineData("$JS.ACK.S.C.1.2.3.4.5.6")]        // 10 tokens: neither form
    [InlineData("$JS.ACK.S.C.x.2.3.4.5")]          // delivered not a number
    [InlineData("$JS.ACK.S.C.1.-2.3.4.5")]         // negative sequence
    public void TryParse_NotAnAckSubject_ReturnsFalse(string? replyTo)
    {
        Assert.False(NatsJSMsgMetadata.TryParse(replyTo, out var metadata));
        Assert.Null(metadata);
    }

    [Fact]
    public void Parse_NotAnAckSubject_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => NatsJSMsgMetadata.Parse("orders.created"));
    }

    [Fact]
    public void TryParseBytes_KnownNames_SharesTheLoopsStrings()
    {
        var stream = "ORDERS";
        var consumer = "order-service";

        var ok = NatsJSMsgMetadata.TryParse("$JS.ACK.ORDERS.order-service.1.7.7.1700000000000000000.0"u8, stream, consumer, out var metadata);

        Assert.True(ok);
        Assert.Same(stream, metadata!.Stream);
        Assert.Same(consumer, metadata.Consumer);
        Assert.Equal(new NatsJSSequencePair(7, 7), metadata.Sequence);
    }

    [Fact]
    public void TryParseBytes_OtherNamesThanKnown_DecodesTheSubjectsNames()
    {
        var ok = NatsJSMsgMetadata.TryParse("$JS.ACK.PAYMENTS.päy.1.7.7.1700000000000000000.0"u8.ToArray(), "ORDERS", "pay", out var metadata);

        Assert.True(ok);
        Assert.Equal("PAYMENTS", metadata!.Stream);
        Assert.Equal("päy", metadata.Consumer);
    }

    [Fact]
    public void TryParseBytes_NonAsciiKnownNames_SharesTheLoopsStrings()
    {
        var stream = "BESTÄLLNINGAR";
        var consumer = "tjänst";

        var ok = NatsJSMsgMetadata.TryParse(System.Text.Encoding.UTF8.GetBytes($"$JS.ACK.{stream}.{consumer}.1.7.7.1700000000000000000.0"), stream, consumer, out var metadata);

        Assert.True(ok);
        Assert.Same(stream, metadata!.Stream);
        Assert.Same(consumer, metadata.Consumer);
    }

    [Fact]
    public void TryParse_SubjectLongerThanTheStackBuffer_ReadsEveryField()
    {
        var stream = new string('S', 600);

        var ok = NatsJSMsgMetadata.TryParse($"$JS.ACK.{stream}.C.2.10.9.1700000000000000000.3", out var metadata);

        Assert.True(ok);
        Assert.Equal(stream, metadata!.Stream);
        Assert.Equal(new NatsJSSequencePair(10, 9), metadata.Sequence);
        Assert.Equal(3UL, metadata.NumPending);
    }
}
