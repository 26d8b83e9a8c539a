using System.Buffers;
using System.Text;
using Orders.Nats.Internal;

namespace Orders.Nats.Tests.Core;

public sealed class ProtocolParserTests
{
    private const string Frames =
        "INFO {\"server_id\":\"abc\",\"max_payload\":1048576,\"headers\":true}\r\n" +
        "MSG orders.created 7 5\r\nhello\r\n" +
        "MSG orders.paid 12 _INBOX.x.1 0\r\n\r\n" +
        "PING\r\n" +
        "HMSG _INBOX.a.b 3 16 16\r\nNATS/1.0 503\r\n\r\n\r\n" +
        "HMSG hb 4 $JS.FC.x 76 80\r\nNATS/1.0 100 Idle Heartbeat\r\nNats-Last-Consumer: 0\r\nNats-Last-Stream: 42\r\n\r\nbody\r\n" +
        "HMSG multi 5 41 44\r\nNATS/1.0\r\nTrace: a\r\nTrace: b\r\nSolo: c\r\n\r\nxyz\r\n" +
        "PONG\r\n" +
        "+OK\r\n" +
        "-ERR 'Permissions Violation for Publish to \"secret.x\"'\r\n";

    private static readonly string[] ExpectedOps =
    [
        "INFO {\"server_id\":\"abc\",\"max_payload\":1048576,\"headers\":true}",
        "MSG orders.created 7  [] 5 bytes",
        "MSG orders.paid 12 _INBOX.x.1 [] 0 bytes",
        "PING",
        "MSG _INBOX.a.b 3  [503  ] 0 bytes",
        "MSG hb 4 $JS.FC.x [100 Idle Heartbeat Nats-Last-Consumer: 0, Nats-Last-Stream: 42] 4 bytes",
        "MSG multi 5  [Trace: a, Trace: b, Solo: c] 3 bytes",
        "PONG",
        "+OK",
        "-ERR Permissions Violation for Publish to \"secret.x\"",
    ];

    [Fact]
    public void ParseAll_WholeBuffer_ParsesEveryOperation()
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Frames));
        var handler = new RecordingHandler();

        ProtocolParser.ParseAll(ref buffer, handler);

        Assert.Equal(ExpectedOps, handler.Ops);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void ParseAll_SplitAtEveryByteBoundary_ParsesTheSameOperations()
    {
        var bytes = Encoding.UTF8.GetBytes(Frames);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var handler = new RecordingHandler();

            // First read: only the bytes before the split have arrived.
            var buffer = new ReadOnlySequence<byte>(bytes.AsMemory(0, split));
            ProtocolParser.ParseAll(ref buffer, handler);

            // Second read: the unconsumed rest plus the new bytes, as two segments.
            buffer = SegmentedSequence.Create(buffer.ToArray(), bytes.AsMemory(split));
            ProtocolParser.ParseAll(ref buffer, handler);

            Assert.True(buffer.IsEmpty, $"bytes left over when split at {split}");
            Assert.Equal(ExpectedOps, handler.Ops);
        }
    }

    [Fact]
    public void ParseAll_OneByteSegments_ParsesTheSameOperations()
    {
        var bytes = Encoding.UTF8.GetBytes(Frames);
        var buffer = SegmentedSequence.Create(bytes.Select(b => (ReadOnlyMemory<byte>)new[] { b }).ToArray());
        var handler = new RecordingHandler();

        ProtocolParser.ParseAll(ref buffer, handler);

        Assert.Equal(ExpectedOps, handler.Ops);
    }

    [Fact]
    public void ParseAll_HeaderStatusAndValues_AreExposedOnNatsHeaders()
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Frames));
        var handler = new RecordingHandler();

        ProtocolParser.ParseAll(ref buffer, handler);

        var noResponders = handler.Headers[2]!;
        Assert.Equal(503, noResponders.Code);
        Assert.Null(noResponders.Description);
        var heartbeat = handler.Headers[3]!;
        Assert.Equal(100, heartbeat.Code);
        Assert.Equal("Idle Heartbeat", heartbeat.Description);
        Assert.Equal("42", heartbeat["Nats-Last-Stream"]);
        var multi = handler.Headers[4]!;
        Assert.Equal(0, multi.Code);
        Assert.Equal(["a", "b"], multi.GetAll("Trace"));
        Assert.Equal("xyz", Encoding.UTF8.GetString(handler.Payloads[4]));
    }

    [Fact]
    public void TryParseOne_IncompletePayload_ConsumesNothing()
    {
        var buffer = new ReadOnlySequence<byte>("MSG foo 1 10\r\n12345"u8.ToArray());
        var handler = new RecordingHandler();

        var parsed = ProtocolParser.TryParseOne(ref buffer, handler);

        Assert.False(parsed);
        Assert.Equal(19, buffer.Length);
        Assert.Empty(handler.Ops);
    }

    [Fact]
    public void ParseAll_LargePayloadInManySegments_DeliversItIntact()
    {
        var payload = new byte[1024 * 1024];
        Random.Shared.NextBytes(payload);
        var frame = Encoding.ASCII.GetBytes($"MSG big 1 {payload.Length}\r\n").Concat(payload).Concat("\r\n"u8.ToArray()).ToArray();
        var segments = frame.Chunk(4096).Select(c => (ReadOnlyMemory<byte>)c).ToArray();
        var buffer = SegmentedSequence.Create(segments);
        var handler = new RecordingHandler();

        ProtocolParser.ParseAll(ref buffer, handler);

        Assert.Equal(payload, Assert.Single(handler.Payloads));
    }

    [Fact]
    public void ParseAll_LowerCaseOperations_AreAccepted()
    {
        var buffer = new ReadOnlySequence<byte>("ping\r\nmsg foo 1 2\r\nhi\r\n"u8.ToArray());
        var handler = new RecordingHandler();

        ProtocolParser.ParseAll(ref buffer, handler);

        Assert.Equal(["PING", "MSG foo 1  [] 2 bytes"], handler.Ops);
    }

    [Fact]
    public void ParseAll_PayloadNotFollowedByCrLf_Throws()
    {
        var buffer = new ReadOnlySequence<byte>("MSG foo 1 2\r\nhiXX"u8.ToArray());

        Assert.Throws<NatsProtocolException>(() => ProtocolParser.ParseAll(ref buffer, new RecordingHandler()));
    }

    [Fact]
    public void ParseAll_UnknownOperation_Throws()
    {
        var buffer = new ReadOnlySequence<byte>("BOGUS 1 2\r\n"u8.ToArray());

        Assert.Throws<NatsProtocolException>(() => ProtocolParser.ParseAll(ref buffer, new RecordingHandler()));
    }

    [Fact]
    public void HeaderCodec_WriteThenParse_RoundTripsMultipleValues()
    {
        var headers = new NatsHeaders { { "Nats-Msg-Id", "order-1" }, { "Trace", "a" }, { "Trace", "b" } };
        var writer = new ArrayBufferWriter<byte>();

        HeaderCodec.Write(writer, headers);
        var parsed = HeaderCodec.Parse(writer.WrittenSpan);

        Assert.Equal(headers.WireLength, writer.WrittenCount);
        Assert.Equal(headers.ToList(), parsed.ToList());
    }
}
