using System.Diagnostics;
using Orders.Nats.JetStream;
using Orders.Testing;

namespace Orders.Nats.Tests.JetStream;

[Collection(NatsCollection.Name)]
public sealed class PullConsumerTests(NatsServerFixture server) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    // "At once" must tell an immediate answer from a wait for an expiry or a local timeout, yet not
    // fail because a loaded machine took a few seconds: the waits it must be told from are made a
    // minute long, and "at once" means well under half of that.
    private static readonly TimeSpan LongWait = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(20);

    private JetStreamTestScope _js = null!;

    public async Task InitializeAsync() => _js = await JetStreamTestScope.StartAsync(server);

    public async Task DisposeAsync() => await _js.DisposeAsync();

    [Fact]
    public async Task Fetch_MoreMessagesThanBatch_ReturnsBatchWithoutWaitingForExpiry()
    {
        var stream = await CreatePullConsumerAsync("FETCH");
        await _js.PublishManyAsync($"{stream}.a", 8);
        var clock = Stopwatch.StartNew();

        var msgs = await ToListAsync(_js.JS.FetchAsync(stream, "worker", batch: 5, expires: LongWait));

        Assert.Equal([1UL, 2UL, 3UL, 4UL, 5UL], msgs.Select(m => m.Metadata.Sequence.Stream));
        Assert.True(clock.Elapsed < AtOnce, $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task FetchNoWait_NoMessages_ReturnsEmptyAtOnce()
    {
        var stream = await CreatePullConsumerAsync("FETCHNONE");
        var clock = Stopwatch.StartNew();

        var msgs = await ToListAsync(SlowToTimeOut().FetchNoWaitAsync(stream, "worker", batch: 10));

        Assert.Empty(msgs);
        Assert.True(clock.Elapsed < AtOnce, $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task FetchNoWait_FewerMessagesThanBatch_ReturnsThoseAtOnce()
    {
        var stream = await CreatePullConsumerAsync("FETCHFEW");
        await _js.PublishManyAsync($"{stream}.a", 3);
        var clock = Stopwatch.StartNew();

        var msgs = await ToListAsync(SlowToTimeOut().FetchNoWaitAsync(stream, "worker", batch: 10));

        Assert.Equal(3, msgs.Count);
        Assert.True(clock.Elapsed < AtOnce, $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Fetch_NoMessages_EndsAtExpiry()
    {
        var stream = await CreatePullConsumerAsync("FETCHEXP");
        var expires = TimeSpan.FromMilliseconds(500);
        var clock = Stopwatch.StartNew();

        var msgs = await ToListAsync(_js.JS.FetchAsync(stream, "worker", batch: 10, expires));

        Assert.Empty(msgs);
        Assert.InRange(clock.Elapsed, expires - TimeSpan.FromMilliseconds(100), AtOnce);
    }

    [Fact]
    public async Task AckSync_FetchedMessage_ServerConfirmsAndNothingIsPending()
    {
        var stream = await CreatePullConsumerAsync("ACKSYNC");
        await _js.JS.PublishAsync($"{stream}.a", "x"u8.ToArray());
        var msg = Assert.Single(await ToListAsync(_js.JS.FetchNoWaitAsync(stream, "worker", batch: 1)));

        await msg.AckSyncAsync();

        Assert.Equal(0L, (await _js.JS.GetConsumerAsync(stream, "worker")).NumAckPending);
    }

    [Fact]
    public async Task Consume_MoreMessagesThanOneRequest_KeepsPullingUntilAllArrive()
    {
        var stream = await CreatePullConsumerAsync("CONSUME");
        await _js.PublishManyAsync($"{stream}.a", 25);
        var opts = new NatsJSConsumeOpts { MaxMsgs = 10, Expires = TimeSpan.FromSeconds(2) };
        await using var collector = MsgCollector.StartAcking(ct => _js.JS.ConsumeAsync(stream, "worker", opts, ct));

        await Eventually.WaitUntilAsync(() => collector.Count >= 25, Deadline, "the backlog consumed");
        await _js.PublishManyAsync($"{stream}.a", 30); // arrives while requests wait
        await Eventually.WaitUntilAsync(() => { collector.ThrowIfFailed(); return collector.Count >= 55; }, Deadline, "new messages consumed");

        Assert.Equal(Enumerable.Range(1, 55).Select(i => (ulong)i), collector.Deliveries.Select(d => d.StreamSeq));
    }

    /// <summary>A context whose local request timeout (a no-wait fetch's fallback end) is far longer than <see cref="AtOnce"/>.</summary>
    private NatsJSContext SlowToTimeOut() => new(_js.Nats, new NatsJSOpts { RequestTimeout = LongWait });

    private async Task<string> CreatePullConsumerAsync(string prefix)
    {
        var stream = await _js.CreateStreamAsync(prefix);
        await _js.JS.CreateOrUpdateConsumerAsync(stream.Name, new ConsumerConfig("worker") { AckWait = TimeSpan.FromSeconds(10) });
        return stream.Name;
    }

    private static async Task<List<NatsJSMsg>> ToListAsync(IAsyncEnumerable<NatsJSMsg> source)
    {
        var list = new List<NatsJSMsg>();
        await foreach (var msg in source)
        {
            list.Add(msg);
        }

        return list;
    }
}
