using System.Buffers;
using System.Text;
using Orders.Nats.Internal;

namespace Orders.Nats.Tests.Core;

public sealed class ProtocolWriterTests
{
    [Fact]
    public void WritePublish_ReplyAsPrefixAndNumber_WritesTheNumberAfterThePrefix()
    {
        var writer = new OutboundBuffer();

        var written = ProtocolWriter.WritePublish(writer, "orders.created", WireSubject.WithNumber("_INBOX.abc.", 1234567890123), null, "hello"u8);

        Assert.Equal("PUB orders.created _INBOX.abc.1234567890123 5\r\nhello\r\n", Taken(writer, written));
    }

    [Fact]
    public void WritePublish_SubjectAsServerBytes_WritesThemUnchanged()
    {
        var writer = new OutboundBuffer();
        var ackSubject = "$JS.ACK.ORDERS.svc.1.2.3.1700000000000000000.0"u8.ToArray();

        var written = ProtocolWriter.WritePublish(writer, WireSubject.FromBytes(ackSubject), default, null, "+ACK"u8);

        Assert.Equal("PUB $JS.ACK.ORDERS.svc.1.2.3.1700000000000000000.0 4\r\n+ACK\r\n", Taken(writer, written));
    }

    [Fact]
    public void WritePublish_WithHeadersAndNumberedReply_WritesHpubWithBothSizes()
    {
        var writer = new ArrayBufferWriter<byte>();
        var headers = new NatsHeaders { { "Nats-Msg-Id", "m1" } };

        var written = ProtocolWriter.WritePublish(writer, "s", WireSubject.WithNumber("r.", 0), headers, "x"u8);

        var text = Encoding.UTF8.GetString(writer.WrittenSpan);
        Assert.Equal(writer.WrittenCount, written);
        Assert.StartsWith($"HPUB s r.0 {headers.WireLength} {headers.WireLength + 1}\r\n", text);
        Assert.EndsWith("\r\n\r\nx\r\n", text);
    }

    [Fact]
    public void PublishSize_EveryKindOfSubject_MatchesWhatIsWritten()
    {
        var bytesSubject = WireSubject.FromBytes("ü.bytes"u8.ToArray());
        var numbered = WireSubject.WithNumber("ä.reply.", 98765);
        var writer = new ArrayBufferWriter<byte>();

        var written = ProtocolWriter.WritePublish(writer, bytesSubject, numbered, null, "payload"u8);

        Assert.Equal(written, ProtocolWriter.PublishSize(bytesSubject, numbered, null, "payload"u8.Length));
        Assert.Equal("ä.reply.98765", numbered.ToString());
        Assert.Equal("ü.bytes", bytesSubject.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(99)]
    [InlineData(100)]
    [InlineData(999)]
    [InlineData(1000)]
    [InlineData(12345)]
    public void WritePublish_PayloadLengthOfEachDigitCount_WritesItsDecimalLengthAndPublishSizeMatches(int length)
    {
        var writer = new OutboundBuffer();
        var payload = new byte[length];

        var written = ProtocolWriter.WritePublish(writer, "s", default, null, payload);

        Assert.StartsWith($"PUB s {length}\r\n", Taken(writer, written));
        Assert.Equal(ProtocolWriter.PublishSize("s", default, null, length), written);
    }

    [Fact]
    public void WritePublish_CurrentChunkAlmostFull_WritesTheWholeCommandInOrderAfterIt()
    {
        var writer = new OutboundBuffer();
        var filler = new byte[OutboundChunkPool.ChunkSize - 40];
        var first = ProtocolWriter.WritePublish(writer, "a", default, null, filler);

        var second = ProtocolWriter.WritePublish(writer, "orders.created", default, null, "hello"u8);

        var text = Taken(writer, first + second);
        Assert.EndsWith("\r\nPUB orders.created 5\r\nhello\r\n", text);
    }

    private static string Taken(OutboundBuffer writer, int written)
    {
        var batch = new List<ArraySegment<byte>>();
        writer.TakeAll(batch);
        var bytes = batch.SelectMany(s => s).ToArray();
        Assert.Equal(written, bytes.Length);
        var text = Encoding.UTF8.GetString(bytes);
        OutboundBuffer.Release(batch);
        return text;
    }
}
