using Orders.Nats.JetStream;
using Orders.Testing;

namespace Orders.Nats.Tests.JetStream;

/// <summary>
/// Ephemeral push consumers, the way the monitor and the drivers watch a stream: no durable name,
/// ack none, created with the nats-server 2.9 subject <c>$JS.API.CONSUMER.CREATE.&lt;stream&gt;</c>.
/// </summary>
[Collection(NatsCollection.Name)]
public sealed class EphemeralConsumerTests(NatsServerFixture server) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private JetStreamTestScope _js = null!;

    public async Task InitializeAsync() => _js = await JetStreamTestScope.StartAsync(server);

    public async Task DisposeAsync() => await _js.DisposeAsync();

    [Fact]
    public async Task CreateEphemeralConsumer_NoDurableName_ReturnsServerAssignedName()
    {
        var stream = await _js.CreateStreamAsync("EPH_NAME");

        var info = await _js.JS.CreateEphemeralConsumerAsync(stream.Name, WatchConfig(_js.Nats.NewInbox()));

        Assert.False(string.IsNullOrEmpty(info.Name));
        Assert.Equal(stream.Name, info.StreamName);
        Assert.Equal(info.Name, (await _js.JS.GetConsumerAsync(stream.Name, info.Name)).Name);
    }

    [Fact]
    public async Task ConsumePush_EphemeralAckNone_ReceivesEveryMessageInOrderWithMetadata()
    {
        const int count = 50;
        var stream = await _js.CreateStreamAsync("EPH_RECV");
        await _js.PublishManyAsync($"{stream.Name}.before", count);
        var info = await _js.JS.CreateEphemeralConsumerAsync(stream.Name, WatchConfig(_js.Nats.NewInbox()));

        await using var collector = MsgCollector.Start(ct => _js.JS.ConsumePushAsync(info, ct), _ => ValueTask.CompletedTask);
        await Eventually.WaitUntilAsync(() => Throw(collector).Count >= count, Deadline, "every stored message");

        Assert.Equal(Enumerable.Range(1, count).Select(i => (ulong)i), collector.Deliveries.Select(d => d.StreamSeq));
        Assert.Equal(info.Name, collector.Deliveries[0].Msg.Metadata.Consumer);
        Assert.Equal(0UL, collector.Deliveries[^1].Msg.Metadata.NumPending);
    }

    [Fact]
    public async Task ConsumePush_EphemeralWithFlowControl_DeliversBacklogBeyondFlowControlWindow()
    {
        // As in PushConsumerTests: without answers to flow-control requests the server stalls after a few MB.
        const int count = 40;
        var stream = await _js.CreateStreamAsync("EPH_FC");
        var payload = new byte[512 * 1024];
        for (var i = 0; i < count; i++)
        {
            await _js.JS.PublishAsync($"{stream.Name}.big", payload);
        }

        var info = await _js.JS.CreateEphemeralConsumerAsync(stream.Name, WatchConfig(_js.Nats.NewInbox()));
        await using var collector = MsgCollector.Start(ct => _js.JS.ConsumePushAsync(info, ct), _ => ValueTask.CompletedTask);

        await Eventually.WaitUntilAsync(() => Throw(collector).Count >= count, Deadline, "the whole backlog");
        Assert.Equal(count, collector.Count); // status messages (flow control, heartbeats) never surface
    }

    [Fact]
    public async Task DeleteConsumer_Ephemeral_RemovesIt()
    {
        var stream = await _js.CreateStreamAsync("EPH_DEL");
        var info = await _js.JS.CreateEphemeralConsumerAsync(stream.Name, WatchConfig(_js.Nats.NewInbox()));

        Assert.True(await _js.JS.DeleteConsumerAsync(stream.Name, info.Name));

        await Assert.ThrowsAsync<NatsJSConsumerNotFoundException>(async () => await _js.JS.GetConsumerAsync(stream.Name, info.Name));
    }

    [Fact]
    public async Task CreateEphemeralConsumer_StreamMissing_ThrowsStreamNotFound()
    {
        await Assert.ThrowsAsync<NatsJSStreamNotFoundException>(
            async () => await _js.JS.CreateEphemeralConsumerAsync(JetStreamTestScope.UniqueName("NOSUCH"), WatchConfig(_js.Nats.NewInbox())));
    }

    [Fact]
    public async Task CreateEphemeralConsumer_DurableNameGiven_ThrowsArgumentException()
    {
        var stream = await _js.CreateStreamAsync("EPH_DURABLE");

        await Assert.ThrowsAsync<ArgumentException>(
            async () => await _js.JS.CreateEphemeralConsumerAsync(stream.Name, WatchConfig(_js.Nats.NewInbox()) with { DurableName = "named" }));
    }

    /// <summary>What the monitor and the drivers ask for: push to an inbox, no acks, flow control, memory state.</summary>
    internal static ConsumerConfig WatchConfig(string deliverSubject) => new(DurableName: string.Empty)
    {
        DeliverSubject = deliverSubject,
        AckPolicy = ConsumerAckPolicy.None,
        MaxAckPending = 0,
        IdleHeartbeat = TimeSpan.FromSeconds(5),
        FlowControl = true,
        MemStorage = true,
        InactiveThreshold = TimeSpan.FromSeconds(30),
    };

    private static MsgCollector Throw(MsgCollector collector)
    {
        collector.ThrowIfFailed();
        return collector;
    }
}
