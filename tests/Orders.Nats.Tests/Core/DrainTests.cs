using Orders.Testing;

namespace Orders.Nats.Tests.Core;

[Collection(NatsCollection.Name)]
public sealed class DrainTests(NatsServerFixture server)
{
    [Fact]
    public async Task DrainAsync_MessagesPending_DeliversAllBeforeClosing()
    {
        var nats = await TestNats.ConnectAsync(server.Url);
        var subject = TestNats.UniqueSubject("drain");
        var sub = await nats.SubscribeCoreAsync(subject);
        for (var i = 0; i < 100; i++)
        {
            await nats.PublishAsync(subject, TestNats.Utf8(i.ToString()));
        }

        await nats.PingAsync();
        var draining = nats.DrainAsync().AsTask();
        var received = new List<string>();
        await foreach (var msg in sub.Msgs.ReadAllAsync().WithCancellation(new CancellationTokenSource(TestNats.Deadline).Token))
        {
            if (received.Count == 99)
            {
                Assert.False(draining.IsCompleted, "drain finished before the last pending message was consumed");
            }

            received.Add(msg.Text());
        }

        await draining.WaitAsync(TestNats.Deadline);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => i.ToString()), received);
        Assert.Equal(NatsConnectionState.Closed, nats.ConnectionState);
    }

    [Fact]
    public async Task SubDrainAsync_MessagesInTransitFromAnotherConnection_AreAllDelivered()
    {
        await using var receiver = await TestNats.ConnectAsync(server.Url);
        await using var sender = await TestNats.ConnectAsync(server.Url);
        var subject = TestNats.UniqueSubject("sub-drain");
        var sub = await receiver.SubscribeCoreAsync(subject);
        var payload = new byte[16 * 1024]; // big enough that plenty is still on the wire at the drain
        for (var i = 0; i < 2_000; i++)
        {
            await sender.PublishAsync(subject, payload);
        }

        // The server has processed every publish, so it has sent (or queued) all of them to the
        // receiver before the UNSUB below; some are still on the wire when the drain starts.
        await sender.PingAsync();
        var draining = sub.DrainAsync().AsTask();
        var received = 0;
        await foreach (var _ in sub.Msgs.ReadAllAsync().WithCancellation(new CancellationTokenSource(TestNats.Deadline).Token))
        {
            received++;
        }

        await draining.WaitAsync(TestNats.Deadline);
        Assert.Equal(2_000, received);
    }

    [Fact]
    public async Task DrainAsync_RequestInFlight_WaitsForItsReply()
    {
        var nats = await TestNats.ConnectAsync(server.Url);
        await using var responderConnection = await TestNats.ConnectAsync(server.Url);
        var subject = TestNats.UniqueSubject("drain-request");
        await using var responder = await responderConnection.SubscribeCoreAsync(subject);
        var request = nats.RequestAsync(subject, TestNats.Utf8("ping"), timeout: TestNats.Deadline).AsTask();
        var received = await responder.NextAsync();

        var draining = nats.DrainAsync().AsTask();
        await received.ReplyAsync(TestNats.Utf8("pong"));

        Assert.Equal("pong", (await request.WaitAsync(TestNats.Deadline)).Text());
        await draining.WaitAsync(TestNats.Deadline);
        Assert.Equal(NatsConnectionState.Closed, nats.ConnectionState);
    }

    [Fact]
    public async Task DisposeAsync_AfterPublishing_FlushesMessagesToTheServer()
    {
        await using var receiver = await TestNats.ConnectAsync(server.Url);
        var subject = TestNats.UniqueSubject("dispose-flush");
        await using var sub = await receiver.SubscribeCoreAsync(subject);
        var sender = await TestNats.ConnectAsync(server.Url);

        for (var i = 0; i < 1000; i++)
        {
            await sender.PublishAsync(subject, new byte[100]);
        }

        await sender.DisposeAsync();

        Assert.Equal(1000, (await sub.TakeAsync(1000)).Count);
    }

    [Fact]
    public async Task DisposeAsync_WithSubscription_CompletesChannelAndRejectsPublishing()
    {
        var nats = await TestNats.ConnectAsync(server.Url);
        var sub = await nats.SubscribeCoreAsync(TestNats.UniqueSubject("dispose"));

        await nats.DisposeAsync();

        await sub.Msgs.Completion.WaitAsync(TestNats.Deadline);
        Assert.Equal(NatsConnectionState.Closed, nats.ConnectionState);
        await Assert.ThrowsAsync<NatsConnectionClosedException>(async () => await nats.PublishAsync("x"));
    }

    [Fact]
    public async Task SubDrainAsync_MessagesAndItsPongInOneRead_DeliversEveryMessageBeforeCompleting()
    {
        const int count = 500;
        var answered = false;
        // The PING after the UNSUB is answered with one write: the subscription's messages, the PONG,
        // then an -ERR whose event handler (run on the socket reader) holds the reader until the drain
        // has completed the subscription, i.e. before the reader is done with that read.
        await using var fake = new ScriptedServer(commands =>
        {
            if (answered || !commands.Any(c => c.StartsWith("UNSUB ", StringComparison.Ordinal)))
            {
                return null;
            }

            answered = true;
            var sid = commands.First(c => c.StartsWith("SUB ", StringComparison.Ordinal)).Split(' ')[^1];
            var answer = new System.Text.StringBuilder();
            for (var i = 0; i < count; i++)
            {
                answer.Append($"MSG drained {sid} 5\r\nhello\r\n");
            }

            return System.Text.Encoding.ASCII.GetBytes(answer.Append("PONG\r\n-ERR 'hold the reader'\r\n").ToString());
        });
        await using var nats = await TestNats.ConnectAsync(fake.Url);
        using var drained = new ManualResetEventSlim();
        nats.ServerError += (_, _) => drained.Wait(TestNats.Deadline);
        var sub = await nats.SubscribeCoreAsync("drained");

        await sub.DrainAsync().AsTask().WaitAsync(TestNats.Deadline);
        drained.Set();

        var received = 0;
        while (sub.Msgs.TryRead(out _))
        {
            received++;
        }

        Assert.Equal(count, received);
    }
}
