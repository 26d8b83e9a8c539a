using Orders.Testing;

namespace Orders.Nats.Tests.Core;

[Collection(NatsCollection.Name)]
public sealed class PubSubTests(NatsServerFixture server) : IAsyncLifetime
{
    private NatsConnection _nats = null!;

    public async Task InitializeAsync() => _nats = await TestNats.ConnectAsync(server.Url);

    public async Task DisposeAsync() => await _nats.DisposeAsync();

    [Fact]
    public async Task ConnectAsync_RunningServer_IsOpenWithServerInfo()
    {
        Assert.Equal(NatsConnectionState.Open, _nats.ConnectionState);
        Assert.NotNull(_nats.ServerInfo);
        Assert.True(_nats.ServerInfo!.Headers);
        Assert.True(_nats.ServerInfo.JetStream);
        Assert.True(_nats.ServerInfo.MaxPayload > 0);
        Assert.True(await _nats.PingAsync() > TimeSpan.Zero);
    }

    [Fact]
    public async Task PublishAsync_SubscribedSubject_DeliversPayloadAndReplyTo()
    {
        var subject = TestNats.UniqueSubject("pubsub");
        await using var sub = await _nats.SubscribeCoreAsync(subject);

        await _nats.PublishAsync(subject, TestNats.Utf8("hello"), replyTo: "reply.here");
        var msg = await sub.NextAsync();

        Assert.Equal(subject, msg.Subject);
        Assert.Equal("hello", msg.Text());
        Assert.Equal("reply.here", msg.ReplyTo);
        Assert.Null(msg.Headers);
    }

    [Fact]
    public async Task PublishAsync_FromOtherConnection_IsReceivedInOrder()
    {
        var subject = TestNats.UniqueSubject("order");
        await using var publisher = await TestNats.ConnectAsync(server.Url);
        await using var sub = await _nats.SubscribeCoreAsync(subject);

        for (var i = 0; i < 1000; i++)
        {
            await publisher.PublishAsync(subject, TestNats.Utf8(i.ToString()));
        }

        var received = await sub.TakeAsync(1000);

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => i.ToString()), received.Select(m => m.Text()));
    }

    [Fact]
    public async Task PublishAsync_BurstBeyondTheUnsentLimit_AllArriveInOrder()
    {
        // 12 MB published without waiting for the server, three times the unsent-bytes limit: exercises
        // full-chunk writes by the publisher, back-pressure and chunk reuse, with nothing lost or reordered.
        const int count = 3_000;
        var subject = TestNats.UniqueSubject("burst");
        await using var publisher = await TestNats.ConnectAsync(server.Url);
        await using var sub = await _nats.SubscribeCoreAsync(subject);
        var payload = new byte[4096];

        for (var i = 0; i < count; i++)
        {
            BitConverter.TryWriteBytes(payload, i);
            await publisher.PublishAsync(subject, payload);
        }

        var received = await sub.TakeAsync(count);

        Assert.Equal(Enumerable.Range(0, count), received.Select(m => BitConverter.ToInt32(m.Data.Span)));
        Assert.All(received, m => Assert.Equal(payload.Length, m.Data.Length));
    }

    [Fact]
    public async Task PublishAsync_WithHeaders_RoundTripsAllValues()
    {
        var subject = TestNats.UniqueSubject("headers");
        await using var sub = await _nats.SubscribeCoreAsync(subject);
        var headers = new NatsHeaders { { "Nats-Msg-Id", "order-42" }, { "Trace", "a" }, { "Trace", "b" } };

        await _nats.PublishAsync(subject, TestNats.Utf8("body"), headers);
        var msg = await sub.NextAsync();

        Assert.NotNull(msg.Headers);
        Assert.Equal("order-42", msg.Headers!["Nats-Msg-Id"]);
        Assert.Equal(["a", "b"], msg.Headers.GetAll("Trace"));
        Assert.Equal(0, msg.Headers.Code);
        Assert.Equal("body", msg.Text());
        Assert.Equal(headers.WireLength + 4, msg.Size);
    }

    [Fact]
    public async Task PublishAsync_OneMegabytePayload_ArrivesIntact()
    {
        var subject = TestNats.UniqueSubject("large");
        await using var sub = await _nats.SubscribeCoreAsync(subject);
        var payload = new byte[_nats.ServerInfo!.MaxPayload - 64];
        Random.Shared.NextBytes(payload);

        await _nats.PublishAsync(subject, payload, new NatsHeaders { { "K", "v" } });
        var msg = await sub.NextAsync();

        Assert.Equal(payload, msg.Data.ToArray());
    }

    [Fact]
    public async Task PublishAsync_PayloadAboveMaxPayload_ThrowsNamingBothSizes()
    {
        var maxPayload = _nats.ServerInfo!.MaxPayload;
        var payload = new byte[maxPayload + 1];

        var error = await Assert.ThrowsAsync<NatsPayloadTooLargeException>(
            async () => await _nats.PublishAsync(TestNats.UniqueSubject("toolarge"), payload));

        Assert.Equal(maxPayload + 1, error.Size);
        Assert.Equal(maxPayload, error.MaxPayload);
        Assert.Contains(maxPayload.ToString(), error.Message);
        Assert.Equal(NatsConnectionState.Open, _nats.ConnectionState);
    }

    [Fact]
    public async Task SubscribeCoreAsync_QueueGroupOfTwo_SpreadsEachMessageToExactlyOneMember()
    {
        var subject = TestNats.UniqueSubject("queue");
        await using var other = await TestNats.ConnectAsync(server.Url);
        await using var first = await _nats.SubscribeCoreAsync(subject, "workers");
        await using var second = await other.SubscribeCoreAsync(subject, "workers");
        const int count = 500;

        for (var i = 0; i < count; i++)
        {
            await _nats.PublishAsync(subject, TestNats.Utf8(i.ToString()));
        }

        await _nats.PingAsync();
        await other.PingAsync();
        var firstGot = Drain(first);
        var secondGot = Drain(second);

        Assert.Empty(firstGot.Intersect(secondGot));
        Assert.Equal(Enumerable.Range(0, count).Select(i => i.ToString()).Order(), firstGot.Concat(secondGot).Order());
        Assert.NotEmpty(firstGot);
        Assert.NotEmpty(secondGot);
    }

    [Fact]
    public async Task SubscribeAsync_Enumerating_YieldsMessagesAndUnsubscribesOnExit()
    {
        var subject = TestNats.UniqueSubject("enumerable");
        using var cts = new CancellationTokenSource(TestNats.Deadline);
        var received = new List<string>();
        var subscribed = _nats.SubscribeAsync(subject, ct: cts.Token).GetAsyncEnumerator(cts.Token);

        // The first MoveNextAsync subscribes; publish once it waits for data.
        var first = subscribed.MoveNextAsync().AsTask();
        for (var i = 0; i < 3; i++)
        {
            await PublishWhenSubscribedAsync(subject, i.ToString());
        }

        Assert.True(await first);
        received.Add(subscribed.Current.Text());
        while (received.Count < 3 && await subscribed.MoveNextAsync())
        {
            received.Add(subscribed.Current.Text());
        }

        await subscribed.DisposeAsync();

        Assert.Equal(["0", "1", "2"], received);
    }

    [Fact]
    public async Task UnsubscribeAsync_ActiveSubscription_CompletesTheChannel()
    {
        var sub = await _nats.SubscribeCoreAsync(TestNats.UniqueSubject("unsub"));

        await sub.UnsubscribeAsync();

        await sub.Msgs.Completion.WaitAsync(TestNats.Deadline);
    }

    [Fact]
    public async Task Deliver_ConsumerNotReading_DropsBeyondCapacityAndKeepsConnectionResponsive()
    {
        await using var small = await TestNats.ConnectAsync(server.Url, o => o with { SubPendingCapacity = 10 });
        var subject = TestNats.UniqueSubject("slow");
        await using var sub = await small.SubscribeCoreAsync(subject);

        for (var i = 0; i < 25; i++)
        {
            await small.PublishAsync(subject, TestNats.Utf8(i.ToString()));
        }

        await small.PingAsync();

        Assert.Equal(15, sub.Dropped);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString()), (await sub.TakeAsync(10)).Select(m => m.Text()));
    }

    private static List<string> Drain(INatsSub sub)
    {
        var texts = new List<string>();
        while (sub.Msgs.TryRead(out var msg))
        {
            texts.Add(msg.Text());
        }

        return texts;
    }

    private async Task PublishWhenSubscribedAsync(string subject, string text)
    {
        // SubscribeAsync registers the subscription inside MoveNextAsync; the subscription table tells when.
        await Eventually.WaitUntilAsync(() => _nats.HasSubscription(subject), TestNats.Deadline, "subscription registered");
        await _nats.PingAsync();
        await _nats.PublishAsync(subject, TestNats.Utf8(text));
    }
}
