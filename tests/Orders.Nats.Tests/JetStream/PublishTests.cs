using System.Text;
using Orders.Nats.JetStream;
using Orders.Testing;

namespace Orders.Nats.Tests.JetStream;

[Collection(NatsCollection.Name)]
public sealed class PublishTests(NatsServerFixture server) : IAsyncLifetime
{
    private JetStreamTestScope _js = null!;

    public async Task InitializeAsync() => _js = await JetStreamTestScope.StartAsync(server);

    public async Task DisposeAsync() => await _js.DisposeAsync();

    [Fact]
    public async Task Publish_SameMsgIdTwice_SecondIsDuplicateAndStreamKeepsOne()
    {
        var stream = await _js.CreateStreamAsync("DEDUP");
        var opts = new NatsJSPubOpts { MsgId = "created:o-42:1" };

        var first = await _js.JS.PublishAsync($"{stream.Name}.created", "a"u8.ToArray(), opts);
        var second = await _js.JS.PublishAsync($"{stream.Name}.created", "a"u8.ToArray(), opts);
        var info = await _js.JS.GetStreamAsync(stream.Name);

        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        Assert.Equal(first.Seq, second.Seq);
        Assert.Equal(1UL, info.State.Messages);
    }

    [Fact]
    public async Task Publish_ExpectedLastSequenceMatches_IsStored()
    {
        var stream = await _js.CreateStreamAsync("ELS");
        var first = await _js.JS.PublishAsync($"{stream.Name}.a", "1"u8.ToArray());

        var second = await _js.JS.PublishAsync($"{stream.Name}.a", "2"u8.ToArray(), new NatsJSPubOpts { ExpectedLastSequence = first.Seq });

        Assert.Equal(first.Seq + 1, second.Seq);
    }

    [Fact]
    public async Task Publish_ExpectedLastSequenceStale_ThrowsWrongLastSequence()
    {
        var stream = await _js.CreateStreamAsync("ELSBAD");
        await _js.PublishManyAsync($"{stream.Name}.a", 2);

        var ex = await Assert.ThrowsAsync<NatsJSWrongLastSequenceException>(async () =>
            await _js.JS.PublishAsync($"{stream.Name}.a", "3"u8.ToArray(), new NatsJSPubOpts { ExpectedLastSequence = 1 }));

        Assert.Equal(10071, ex.ErrCode);
        Assert.Equal(2UL, (await _js.JS.GetStreamAsync(stream.Name)).State.Messages);
    }

    [Fact]
    public async Task Publish_ExpectedStreamIsAnother_ThrowsStreamNotMatch()
    {
        var stream = await _js.CreateStreamAsync("ES");

        await Assert.ThrowsAsync<NatsJSStreamNotMatchException>(async () =>
            await _js.JS.PublishAsync($"{stream.Name}.a", "x"u8.ToArray(), new NatsJSPubOpts { ExpectedStream = "SOMETHING_ELSE" }));
    }

    [Fact]
    public async Task Publish_NoStreamForSubject_ThrowsNotAvailableAfterBriefRetry()
    {
        var js = new NatsJSContext(_js.Nats, new NatsJSOpts { NotReadyRetryWindow = TimeSpan.FromMilliseconds(300) });

        var ex = await Assert.ThrowsAsync<NatsJSNotAvailableException>(async () =>
            await js.PublishAsync(JetStreamTestScope.UniqueName("nostream") + ".a", "x"u8.ToArray()));

        Assert.IsType<NatsNoRespondersException>(ex.InnerException);
    }

    [Fact]
    public async Task Publish_CallerHeaders_AreStoredAndNotModified()
    {
        var stream = await _js.CreateStreamAsync("HDR");
        var headers = new NatsHeaders { ["Orders-Trace"] = "t-1" };

        var ack = await _js.JS.PublishAsync($"{stream.Name}.a", "x"u8.ToArray(), new NatsJSPubOpts { MsgId = "m-1" }, headers);
        var stored = await _js.JS.GetMsgAsync(stream.Name, ack.Seq);

        Assert.Equal(1, headers.Count);
        Assert.Equal("t-1", stored.Headers!["Orders-Trace"]);
        Assert.Equal("m-1", stored.Headers["Nats-Msg-Id"]);
    }

    [Fact]
    public async Task PublishBatch_TenThousandMessages_AllAckedInOrder()
    {
        var stream = await _js.CreateStreamAsync("BATCH");
        const int count = 10_000;
        var items = Enumerable.Range(0, count).Select(i => new NatsJSPubItem($"{stream.Name}.n", Encoding.ASCII.GetBytes($"m{i}")));

        var acks = await _js.JS.PublishBatchAsync(items, maxOutstanding: 256);

        Assert.Equal(count, acks.Count);
        Assert.Equal(Enumerable.Range(1, count).Select(i => (ulong)i), acks.Select(a => a.Seq));
        Assert.All(acks, a => Assert.False(a.Duplicate));
        Assert.Equal((ulong)count, (await _js.JS.GetStreamAsync(stream.Name)).State.Messages);
    }

    [Fact]
    public async Task Publisher_SmallWindow_NeverHasMoreOutstandingThanItsWindow()
    {
        var stream = await _js.CreateStreamAsync("WINDOW");
        await using var publisher = await _js.JS.CreatePublisherAsync(maxOutstanding: 4);
        var acks = new List<Task<PubAckResponse>>();
        var maxSeen = 0;

        for (var i = 0; i < 200; i++)
        {
            acks.Add(await publisher.PublishAsync($"{stream.Name}.w", "x"u8.ToArray()));
            maxSeen = Math.Max(maxSeen, publisher.Outstanding);
        }

        await Task.WhenAll(acks);
        Assert.InRange(maxSeen, 1, 4);
        Assert.Equal(200UL, (await _js.JS.GetStreamAsync(stream.Name)).State.Messages);
    }

    [Fact]
    public async Task Publisher_RefusedMessage_FailsOnlyThatAck()
    {
        var stream = await _js.CreateStreamAsync("PUBERR");
        await using var publisher = await _js.JS.CreatePublisherAsync();

        var ok = await publisher.PublishAsync($"{stream.Name}.a", "1"u8.ToArray());
        var refused = await publisher.PublishAsync($"{stream.Name}.a", "2"u8.ToArray(), new NatsJSPubOpts { ExpectedLastSequence = 99 });

        Assert.Equal(1UL, (await ok).Seq);
        await Assert.ThrowsAsync<NatsJSWrongLastSequenceException>(() => refused);
    }

    [Fact]
    public async Task Publisher_NoStreamForSubject_FailsThatAckWithNotAvailableAndFreesItsSlot()
    {
        var stream = await _js.CreateStreamAsync("PUBNOSTREAM");
        await using var publisher = await _js.JS.CreatePublisherAsync(maxOutstanding: 1);

        var lost = await publisher.PublishAsync(JetStreamTestScope.UniqueName("nostream") + ".a", "x"u8.ToArray());
        await Assert.ThrowsAsync<NatsJSNotAvailableException>(() => lost);
        var stored = await publisher.PublishAsync($"{stream.Name}.a", "y"u8.ToArray()).AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1UL, (await stored).Seq);
    }
}
