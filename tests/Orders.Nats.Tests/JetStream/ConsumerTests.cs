using Orders.Nats.JetStream;
using Orders.Testing;

namespace Orders.Nats.Tests.JetStream;

[Collection(NatsCollection.Name)]
public sealed class ConsumerTests(NatsServerFixture server) : IAsyncLifetime
{
    private JetStreamTestScope _js = null!;

    public async Task InitializeAsync() => _js = await JetStreamTestScope.StartAsync(server);

    public async Task DisposeAsync() => await _js.DisposeAsync();

    [Fact]
    public async Task CreateOrUpdateConsumer_AckWaitAndHeartbeat_RoundTripThroughTheServerInNanoseconds()
    {
        var stream = await _js.CreateStreamAsync("DUR");
        var config = new ConsumerConfig("durations")
        {
            AckWait = TimeSpan.FromSeconds(2),
            DeliverSubject = _js.Nats.NewInbox(),
            IdleHeartbeat = TimeSpan.FromMilliseconds(1500),
        };

        await _js.JS.CreateOrUpdateConsumerAsync(stream.Name, config);
        var read = await _js.JS.GetConsumerAsync(stream.Name, "durations");

        // Had the unit been wrong, the server would hold 2 µs or 2000 s here.
        Assert.Equal(TimeSpan.FromSeconds(2), read.Config.AckWait);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), read.Config.IdleHeartbeat);
    }

    [Fact]
    public async Task CreateOrUpdateConsumer_Backoff_RoundTripsAndItsFirstStepBecomesTheAckWait()
    {
        var stream = await _js.CreateStreamAsync("BACKOFF");
        var config = new ConsumerConfig("backoff")
        {
            MaxDeliver = 5,
            Backoff = [TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3)],
        };

        await _js.JS.CreateOrUpdateConsumerAsync(stream.Name, config);
        var read = await _js.JS.GetConsumerAsync(stream.Name, "backoff");

        Assert.Equal([TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3)], read.Config.Backoff);
        Assert.Equal(TimeSpan.FromMilliseconds(250), read.Config.AckWait);
    }

    [Fact]
    public async Task CreateOrUpdateConsumer_ChangedAckWait_UpdatesInPlace()
    {
        var stream = await _js.CreateStreamAsync("CUPD");
        var config = new ConsumerConfig("pull") { AckWait = TimeSpan.FromSeconds(5) };
        await _js.JS.CreateOrUpdateConsumerAsync(stream.Name, config);

        var updated = await _js.JS.CreateOrUpdateConsumerAsync(stream.Name, config with { AckWait = TimeSpan.FromSeconds(9), MaxAckPending = 50 });

        Assert.Equal((TimeSpan.FromSeconds(9), 50), (updated.Config.AckWait, updated.Config.MaxAckPending));
    }

    [Fact]
    public async Task CreateOrUpdateConsumer_StartSequence_DeliversFromThere()
    {
        var stream = await _js.CreateStreamAsync("START");
        await _js.PublishManyAsync($"{stream.Name}.a", 5);
        await _js.JS.CreateOrUpdateConsumerAsync(stream.Name, new ConsumerConfig("from4") { DeliverPolicy = ConsumerDeliverPolicy.ByStartSequence, OptStartSeq = 4 });

        var sequences = new List<ulong>();
        await foreach (var msg in _js.JS.FetchNoWaitAsync(stream.Name, "from4", 10))
        {
            sequences.Add(msg.Metadata.Sequence.Stream);
        }

        Assert.Equal([4UL, 5UL], sequences);
    }

    [Fact]
    public async Task GetConsumer_UnknownConsumer_ThrowsConsumerNotFound()
    {
        var stream = await _js.CreateStreamAsync("NOCONS");

        var ex = await Assert.ThrowsAsync<NatsJSConsumerNotFoundException>(async () => await _js.JS.GetConsumerAsync(stream.Name, "nobody"));

        Assert.Equal(10014, ex.ErrCode);
    }

    [Fact]
    public async Task DeleteConsumer_Existing_ConsumerIsGone()
    {
        var stream = await _js.CreateStreamAsync("DELCONS");
        await _js.JS.CreateOrUpdateConsumerAsync(stream.Name, new ConsumerConfig("gone"));

        Assert.True(await _js.JS.DeleteConsumerAsync(stream.Name, "gone"));
        await Assert.ThrowsAsync<NatsJSConsumerNotFoundException>(async () => await _js.JS.GetConsumerAsync(stream.Name, "gone"));
    }
}
