using System.Text;
using System.Text.Json;
using Orders.Nats.JetStream;
using Orders.Nats.JetStream.Internal;

namespace Orders.Nats.Tests.JetStream;

/// <summary>The wire format of the JSON API: snake_case names, durations in nanoseconds, enum spellings.</summary>
public sealed class JetStreamJsonTests
{
    private static readonly JetStreamJsonContext Json = JetStreamJsonContext.Default;

    [Fact]
    public void Serialize_ConsumerConfig_WritesDurationsAsNanosecondsAndSnakeCase()
    {
        var config = new ConsumerConfig("svc")
        {
            AckWait = TimeSpan.FromSeconds(2),
            Backoff = [TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)],
            IdleHeartbeat = TimeSpan.FromSeconds(5),
            DeliverPolicy = ConsumerDeliverPolicy.ByStartSequence,
            OptStartSeq = 7,
        };

        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(new ConsumerCreateRequest("S", config), Json.ConsumerCreateRequest));
        var root = doc.RootElement;
        var wire = root.GetProperty("config");

        Assert.Equal("S", root.GetProperty("stream_name").GetString());
        Assert.Equal("svc", wire.GetProperty("durable_name").GetString());
        Assert.Equal(2_000_000_000L, wire.GetProperty("ack_wait").GetInt64());
        Assert.Equal([100_000_000L, 1_000_000_000L], wire.GetProperty("backoff").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(5_000_000_000L, wire.GetProperty("idle_heartbeat").GetInt64());
        Assert.Equal("by_start_sequence", wire.GetProperty("deliver_policy").GetString());
        Assert.Equal("explicit", wire.GetProperty("ack_policy").GetString());
        Assert.Equal(7UL, wire.GetProperty("opt_start_seq").GetUInt64());
        Assert.False(wire.TryGetProperty("deliver_subject", out _), "nulls are left out so the server applies its defaults");
    }

    [Fact]
    public void Serialize_EphemeralConsumerConfig_WritesInactiveThresholdAsNanosecondsAndMemStorage()
    {
        var config = new ConsumerConfig(string.Empty) { InactiveThreshold = TimeSpan.FromSeconds(30), MemStorage = true };

        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(new ConsumerCreateRequest("S", config), Json.ConsumerCreateRequest));
        var wire = doc.RootElement.GetProperty("config");

        Assert.Equal(30_000_000_000L, wire.GetProperty("inactive_threshold").GetInt64());
        Assert.True(wire.GetProperty("mem_storage").GetBoolean());
    }

    [Fact]
    public void Serialize_ConsumerConfigWithoutInactiveThreshold_LeavesItToTheServer()
    {
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(new ConsumerCreateRequest("S", new ConsumerConfig("svc")), Json.ConsumerCreateRequest));

        Assert.False(doc.RootElement.GetProperty("config").TryGetProperty("inactive_threshold", out _));
    }

    [Fact]
    public void Deserialize_StreamInfoFromServer_ReadsNanosecondsAndNanosecondTimestamps()
    {
        const string fromServer = """
            {"type":"io.nats.jetstream.api.v1.stream_create_response","config":{"name":"T","subjects":["t.\u003e"],
            "retention":"workqueue","max_consumers":-1,"max_msgs":-1,"max_bytes":-1,"max_age":604800000000000,
            "max_msgs_per_subject":-1,"max_msg_size":-1,"discard":"old","storage":"memory","num_replicas":1,
            "duplicate_window":120000000000,"sealed":false,"deny_delete":false,"deny_purge":false},
            "created":"2026-11-21T09:21:53.087536884Z","state":{"messages":3,"bytes":120,"first_seq":1,
            "first_ts":"0001-01-01T00:00:00Z","last_seq":3,"last_ts":"0001-01-01T00:00:00Z","consumer_count":2},"did_create":true}
            """;

        var info = JsonSerializer.Deserialize(fromServer, Json.StreamInfo)!;

        var expected = new StreamConfig("T", info.Config.Subjects) with
        {
            Retention = StreamRetention.WorkQueue,
            Storage = StreamStorage.Memory,
            MaxAge = TimeSpan.FromDays(7),
        };
        Assert.Equal(expected, info.Config);
        Assert.Equal(["t.>"], info.Config.Subjects);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 9, 21, 53, TimeSpan.Zero).AddTicks(875368), info.Created);
        Assert.Equal(new StreamState(Messages: 3, Bytes: 120, FirstSeq: 1, LastSeq: 3, ConsumerCount: 2), info.State);
    }

    [Fact]
    public void Serialize_PullRequest_UsesNanosecondsAndOmitsUnsetDurations()
    {
        var withExpiry = JsonSerializer.Serialize(new PullRequest(10, TimeSpan.FromSeconds(1), NoWait: false, IdleHeartbeat: null), Json.PullRequest);
        var noWait = JsonSerializer.Serialize(new PullRequest(5, Expires: null, NoWait: true, IdleHeartbeat: null), Json.PullRequest);

        Assert.Equal("""{"batch":10,"expires":1000000000,"no_wait":false}""", withExpiry);
        Assert.Equal("""{"batch":5,"no_wait":true}""", noWait);
    }

    [Fact]
    public void ThrowIfApiError_StreamNotFound_ThrowsTypedExceptionWithServerFields()
    {
        var body = Encoding.UTF8.GetBytes("""{"type":"io.nats.jetstream.api.v1.stream_info_response","error":{"code":404,"err_code":10059,"description":"stream not found"}}""");

        var ex = Assert.Throws<NatsJSStreamNotFoundException>(() => NatsJSContext.ThrowIfApiError(body));

        Assert.Equal((404, 10059, "stream not found"), (ex.Code, ex.ErrCode, ex.Description));
    }

    [Fact]
    public void ThrowIfApiError_UnmappedCode_ThrowsBaseApiException()
    {
        var body = Encoding.UTF8.GetBytes("""{"error":{"code":400,"err_code":10108,"description":"consumer with flow control also needs heartbeats"}}""");

        var ex = Assert.Throws<NatsJSApiException>(() => NatsJSContext.ThrowIfApiError(body));

        Assert.Equal(10108, ex.ErrCode);
    }

    [Fact]
    public void ParsePubAck_WrongLastSequenceError_ThrowsTypedException()
    {
        var body = Encoding.UTF8.GetBytes("""{"error":{"code":400,"err_code":10071,"description":"wrong last sequence: 3"}}""");

        Assert.Throws<NatsJSWrongLastSequenceException>(() => NatsJSContext.ParsePubAck(body, "orders.created"));
    }

    [Fact]
    public void ParsePubAck_DuplicateAck_ReadsAllFields()
    {
        var body = Encoding.UTF8.GetBytes("""{"stream":"ORDERS", "seq":42, "duplicate":true}""");

        Assert.Equal(new PubAckResponse("ORDERS", 42, Duplicate: true), NatsJSContext.ParsePubAck(body, "orders.created"));
    }

    [Fact]
    public void ParsePubAck_UnknownFieldsAndDomain_AreSkipped()
    {
        var body = Encoding.UTF8.GetBytes("""{"stream":"ORDERS","domain":"hub","extra":{"a":[1,2]},"seq":7}""");

        Assert.Equal(new PubAckResponse("ORDERS", 7, Duplicate: false), NatsJSContext.ParsePubAck(body, "orders.created"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("""{"seq":1}""")]
    [InlineData("""{"stream":"ORDERS","seq":"x"}""")]
    [InlineData("not json")]
    public void ParsePubAck_NotAnAck_ThrowsNatsJSException(string reply)
    {
        var ex = Assert.ThrowsAny<NatsJSException>(() => NatsJSContext.ParsePubAck(Encoding.UTF8.GetBytes(reply), "orders.created"));

        Assert.IsNotType<NatsJSApiException>(ex);
    }

    [Fact]
    public void PubAckReader_SameStreamAsLastAck_ReusesTheNameString()
    {
        string? lastStream = null;
        var first = PubAckReader.Read("""{"stream":"ORDERS","seq":1}"""u8, "orders.created", ref lastStream);

        var second = PubAckReader.Read("""{"stream":"ORDERS","seq":2}"""u8, "orders.created", ref lastStream);

        Assert.Same(first.Stream, second.Stream);
        Assert.Equal(2UL, second.Seq);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(20)]
    public void PubAckReader_AckSplitAcrossReadBuffers_ReadsTheWholeAck(int splitAt)
    {
        var json = """{"stream":"ORDERS","seq":123456,"duplicate":true}"""u8.ToArray();
        var split = Orders.Nats.Tests.Core.SegmentedSequence.Create(json.AsMemory(0, splitAt), json.AsMemory(splitAt));
        string? lastStream = null;

        var ack = PubAckReader.Read(split, "orders.created", ref lastStream);

        Assert.Equal(new PubAckResponse("ORDERS", 123456, Duplicate: true), ack);
    }
}
