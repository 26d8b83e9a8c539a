using Orders.Nats.JetStream;
using Orders.Testing;

namespace Orders.Nats.Tests.JetStream;

/// <summary>Durable consumers across a nats-server restart (same port, same store). Each test owns its server.</summary>
public sealed class ServerRestartTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private const int Before = 50;
    private const int After = 50;

    [RequiresLocalNatsServerFact]
    public async Task PushQueueConsumer_ServerRestartMidStream_LosesNothing()
    {
        await using var server = await NatsServerFixture.StartNewAsync();
        await using var js = await JetStreamTestScope.StartAsync(server);
        var stream = await CreateFileStreamAsync(js);
        var config = new ConsumerConfig("svc")
        {
            DeliverSubject = $"deliver.{stream}",
            DeliverGroup = "svc",
            AckWait = TimeSpan.FromSeconds(1),
            IdleHeartbeat = TimeSpan.FromSeconds(1),
        };
        await js.JS.CreateOrUpdateConsumerAsync(stream, config);
        await using var collector = StartLeavingSomeUnacked(ct => js.JS.ConsumePushAsync(stream, config.DurableName, ct));

        await RunRestartScenarioAsync(js, stream, collector, () => server.RestartAsync());
    }

    [RequiresLocalNatsServerFact]
    public async Task PullConsume_ServerCrashMidStream_ReissuesRequestsAndLosesNothing()
    {
        await using var server = await NatsServerFixture.StartNewAsync();
        await using var js = await JetStreamTestScope.StartAsync(server);
        var stream = await CreateFileStreamAsync(js);
        await js.JS.CreateOrUpdateConsumerAsync(stream, new ConsumerConfig("worker") { AckWait = TimeSpan.FromSeconds(1) });
        // Long expiry (heartbeat watchdog 60 s, beyond the deadline) and a crash (so the server
        // cannot end the waiting request with a status): only re-pulling on reconnect can pass.
        var opts = new NatsJSConsumeOpts { MaxMsgs = 20, Expires = TimeSpan.FromMinutes(2) };
        await using var collector = StartLeavingSomeUnacked(ct => js.JS.ConsumeAsync(stream, "worker", opts, ct));

        await RunRestartScenarioAsync(js, stream, collector, async () =>
        {
            await server.KillAsync();
            await server.StartAsync();
        });
    }

    private static async Task<string> CreateFileStreamAsync(JetStreamTestScope js) =>
        (await js.CreateStreamAsync("RESTART", c => c with { Storage = StreamStorage.File })).Name;

    /// <summary>
    /// Acks everything except the last few messages published before the restart on their first
    /// delivery: they are "in flight" when the server goes away and must come back afterwards.
    /// </summary>
    private static MsgCollector StartLeavingSomeUnacked(Func<CancellationToken, IAsyncEnumerable<NatsJSMsg>> consume) =>
        MsgCollector.Start(consume, msg =>
            msg.Metadata.NumDelivered == 1 && msg.Metadata.Sequence.Stream is > Before - 5 and <= Before
                ? ValueTask.CompletedTask
                : msg.AckAsync());

    private static async Task RunRestartScenarioAsync(JetStreamTestScope js, string stream, MsgCollector collector, Func<Task> restart)
    {
        for (var i = 0; i < Before; i++)
        {
            await js.JS.PublishAsync($"{stream}.a", "before"u8.ToArray());
        }

        await Eventually.WaitUntilAsync(() => Distinct(collector) >= Before, Deadline, "messages before the restart");
        await restart();
        await Eventually.WaitUntilAsync(() => js.Nats.ConnectionState == NatsConnectionState.Open, Deadline, "reconnected");
        for (var i = 0; i < After; i++)
        {
            await js.JS.PublishAsync($"{stream}.a", "after"u8.ToArray()); // retries while JetStream starts
        }

        await Eventually.WaitUntilAsync(
            () => { collector.ThrowIfFailed(); return Distinct(collector) >= Before + After && Redelivered(collector) >= 5; },
            Deadline,
            "every message after the restart, and the in-flight ones redelivered");

        Assert.Equal(Enumerable.Range(1, Before + After).Select(i => (ulong)i), collector.Deliveries.Select(d => d.StreamSeq).Distinct().Order());
    }

    private static int Distinct(MsgCollector collector) => collector.Deliveries.Select(d => d.StreamSeq).Distinct().Count();

    private static int Redelivered(MsgCollector collector) =>
        collector.Deliveries.Where(d => d.Msg.Metadata.NumDelivered > 1).Select(d => d.StreamSeq).Distinct().Count();
}
