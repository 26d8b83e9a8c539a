using Orders.Testing;

namespace Orders.Nats.Tests.Core;

/// <summary>Each test owns a private server because it stops or freezes it.</summary>
public sealed class ReconnectTests : IAsyncLifetime
{
    private NatsServerFixture _server = null!;

    public async Task InitializeAsync()
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(NatsServerFixture.ExternalUrlVariable)))
        {
            return; // every test here is skipped
        }

        _server = await NatsServerFixture.StartNewAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [RequiresLocalNatsServerFact]
    public async Task Subscription_ServerRestartedMidStream_ResumesAndReceivesNewMessages()
    {
        await using var subscriber = await ConnectAsync();
        await using var publisher = await ConnectAsync();
        var subject = TestNats.UniqueSubject("restart");
        await using var sub = await subscriber.SubscribeCoreAsync(subject);
        await publisher.PublishAsync(subject, TestNats.Utf8("before"));
        Assert.Equal("before", (await sub.NextAsync()).Text());

        await _server.RestartAsync();
        await WaitOpenAsync(subscriber);
        await WaitOpenAsync(publisher);
        await subscriber.PingAsync(); // the SUB re-sent on reconnect is registered
        await publisher.PublishAsync(subject, TestNats.Utf8("after"));

        Assert.Equal("after", (await sub.NextAsync()).Text());
    }

    [RequiresLocalNatsServerFact]
    public async Task PublishAsync_WhileDisconnected_IsBufferedAndDeliveredAfterReconnect()
    {
        await using var nats = await ConnectAsync();
        var subject = TestNats.UniqueSubject("buffered");
        await using var sub = await nats.SubscribeCoreAsync(subject);
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await _server.StopAsync();
        await Eventually.WaitUntilAsync(() => nats.ConnectionState == NatsConnectionState.Reconnecting, TestNats.Deadline);
        nats.ConnectionOpened += (_, _) => reconnected.TrySetResult();
        for (var i = 0; i < 3; i++)
        {
            await nats.PublishAsync(subject, TestNats.Utf8($"offline-{i}"));
        }

        await _server.StartAsync();
        await reconnected.Task.WaitAsync(TestNats.Deadline);

        Assert.Equal(["offline-0", "offline-1", "offline-2"], (await sub.TakeAsync(3)).Select(m => m.Text()));
    }

    [RequiresLocalNatsServerFact]
    public async Task PublishAsync_ReconnectBufferFull_ThrowsAndKeepsEarlierMessages()
    {
        await using var nats = await ConnectAsync(o => o with { ReconnectBufferSize = 1024 });
        var subject = TestNats.UniqueSubject("fits");
        await using var sub = await nats.SubscribeCoreAsync(subject);
        await _server.StopAsync();
        await Eventually.WaitUntilAsync(() => nats.ConnectionState == NatsConnectionState.Reconnecting, TestNats.Deadline);
        await nats.PublishAsync(subject, new byte[600]);

        var error = await Assert.ThrowsAsync<NatsReconnectBufferFullException>(
            async () => await nats.PublishAsync("overflows", new byte[600]));

        Assert.Equal(1024, error.Capacity);
        Assert.Contains("ReconnectBufferSize", error.Message);
        Assert.Contains("overflows", error.Message);
        await _server.StartAsync();
        Assert.Equal(600, (await sub.NextAsync()).Data.Length);
    }

    [RequiresLocalNatsServerFact]
    public async Task KeepAlive_ServerFrozen_DetectsStaleConnectionAndReconnectsAfterResume()
    {
        await using var nats = await ConnectAsync(o => o with
        {
            PingInterval = TimeSpan.FromMilliseconds(100),
            MaxPingOut = 2,
            ConnectTimeout = TimeSpan.FromMilliseconds(500),
        });
        var disconnected = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        nats.ConnectionDisconnected += (_, e) => disconnected.TrySetResult(e.Error);

        _server.Pause();
        Exception? reason;
        try
        {
            reason = await disconnected.Task.WaitAsync(TestNats.Deadline);
        }
        finally
        {
            _server.Resume();
        }

        Assert.Contains("Stale", reason?.Message);
        await WaitOpenAsync(nats);
        await nats.PingAsync();
    }

    [RequiresLocalNatsServerFact]
    public async Task RequestAsync_AfterServerRestart_UsesResubscribedInbox()
    {
        await using var nats = await ConnectAsync();
        var subject = TestNats.UniqueSubject("req-restart");
        await using var responder = await nats.SubscribeCoreAsync(subject);
        var serving = Task.Run(async () =>
        {
            await foreach (var request in responder.Msgs.ReadAllAsync())
            {
                await request.ReplyAsync(request.Data);
            }
        });
        Assert.Equal("1", (await nats.RequestAsync(subject, TestNats.Utf8("1"))).Text());

        await _server.RestartAsync();
        await WaitOpenAsync(nats);

        Assert.Equal("2", (await nats.RequestAsync(subject, TestNats.Utf8("2"))).Text());
        await responder.UnsubscribeAsync();
        await serving;
    }

    [RequiresLocalNatsServerFact]
    public async Task Reconnect_MaxRetriesExhausted_ClosesAndFaultsSubscriptions()
    {
        await using var nats = await ConnectAsync(o => o with { MaxReconnectRetry = 1, ReconnectWaitMin = TimeSpan.FromMilliseconds(10) });
        var sub = await nats.SubscribeCoreAsync(TestNats.UniqueSubject("giveup"));

        await _server.StopAsync();

        await Assert.ThrowsAsync<NatsConnectionClosedException>(() => sub.Msgs.Completion.WaitAsync(TestNats.Deadline));
        Assert.Equal(NatsConnectionState.Closed, nats.ConnectionState);
        await Assert.ThrowsAsync<NatsConnectionClosedException>(async () => await nats.PublishAsync("x"));
    }

    private Task<NatsConnection> ConnectAsync(Func<NatsOpts, NatsOpts>? configure = null) =>
        TestNats.ConnectAsync(_server.Url, o =>
        {
            var fast = o with { ReconnectWaitMin = TimeSpan.FromMilliseconds(20), ReconnectWaitMax = TimeSpan.FromMilliseconds(200) };
            return configure is null ? fast : configure(fast);
        });

    private static Task WaitOpenAsync(NatsConnection nats) =>
        Eventually.WaitUntilAsync(() => nats.ConnectionState == NatsConnectionState.Open, TestNats.Deadline, "reconnected");
}
