using Orders.Contracts.Messaging;
using Orders.Messaging.Pipeline;
using Orders.Messaging.Tests.Pipeline.Support;
using NATS.Client.JetStream;
using Orders.Testing;

namespace Orders.Messaging.Tests.Pipeline;

/// <summary>The consumer pipeline over a real nats-server: a private one per test (the contract fixes the stream names).</summary>
public sealed class JetStreamConsumerTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly ConsumerDefinition Commands = PipelineHost.CommandsConsumer;

    private readonly ActorScript _script = new();
    private TestJetStream _nats = null!;

    public async Task InitializeAsync() => _nats = await TestJetStream.StartAsync();

    public async Task DisposeAsync() => await _nats.DisposeAsync();

    [RequiresLocalNatsServerFact]
    public async Task Consume_ValidMessage_ReachesTheActorAndIsAcked()
    {
        await using var host = await PipelineHost.StartAsync(_nats.Url, _script, "a", Commands);

        var seq = await _nats.PublishAsync(Subjects.Commands.SubmitOrder, TestPayloads.SubmitOrder("o-1"));

        await WaitUntilAckedAsync(Commands, seq);
        var received = Assert.Single(_script.All);
        Assert.Equal("o-1", received.EntityId);
        Assert.Equal("submit-order:o-1", received.Incoming.MessageId);
        Assert.Equal(new DeliveryInfo("COMMANDS", seq, 1, received.Incoming.Delivery.Timestamp), received.Incoming.Delivery);
        await WaitUntilCountedAsync(host, t => t.Acked == 1, "one message counted as acked");
    }

    [RequiresLocalNatsServerFact]
    public async Task Consume_GapOutcome_RedeliversAfterTheDelayAndThenApplies()
    {
        _script.Decide = r => ValueTask.FromResult(r.Incoming.Delivery.NumDelivered == 1
            ? MessageOutcome.Gap(TimeSpan.Zero, "version 3 arrived before version 2")
            : MessageOutcome.Ack);
        await using var host = await PipelineHost.StartAsync(_nats.Url, _script, "a", Commands);

        var seq = await _nats.PublishAsync(Subjects.Commands.SubmitOrder, TestPayloads.SubmitOrder("o-1"));

        await WaitUntilAckedAsync(Commands, seq);
        Assert.Equal([1, 2], _script.All.Select(r => r.Incoming.Delivery.NumDelivered));
        await WaitUntilCountedAsync(host, t => t.Acked == 1, "the second delivery counted as acked");
        var stats = host.Stats.Snapshot().Total;
        Assert.Equal((1, 1, 1), (stats.GapsNaked, stats.Acked, stats.Redeliveries));
    }

    [RequiresLocalNatsServerFact]
    public async Task Consume_StillFailingAtLastDelivery_IsDeadLetteredWithStillFailingReason()
    {
        _script.Decide = _ => ValueTask.FromResult(MessageOutcome.Retry("database unavailable"));
        await using var host = await PipelineHost.StartAsync(_nats.Url, _script, "a", Commands);

        await _nats.PublishAsync(Subjects.Commands.SubmitOrder, TestPayloads.SubmitOrder("o-1"));

        await Eventually.WaitUntilAsync(async () => await _nats.MessageCountAsync(Streams.Names.DeadLetter) == 1, Deadline, "dead letter stored");
        var deadLetter = await _nats.GetMessageAsync(Streams.Names.DeadLetter, 1);
        Assert.Equal("still failing after 3 deliveries: database unavailable", deadLetter.Headers?[MessageHeaders.DeadReason]);
        Assert.Equal("3", deadLetter.Headers?[MessageHeaders.Deliveries]);
        Assert.Equal([1, 2, 3], _script.All.Select(r => r.Incoming.Delivery.NumDelivered));
        await WaitUntilSettledAsync(Commands);
    }

    [RequiresLocalNatsServerFact]
    public async Task Consume_AskTimesOut_CountsAsRetryAndIsRedelivered()
    {
        var first = new TaskCompletionSource<MessageOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        _script.Decide = r => r.Incoming.Delivery.NumDelivered == 1 ? new ValueTask<MessageOutcome>(first.Task) : ValueTask.FromResult(MessageOutcome.Ack);
        // The redelivery's ask runs while the actor is still held by the first one: the test must
        // release it within one ask timeout of noticing the retry, which a starved test thread may
        // not manage in a fraction of a second.
        var consumer = Commands with { AskTimeout = TimeSpan.FromSeconds(2) };
        await using var host = await PipelineHost.StartAsync(_nats.Url, _script, "a", consumer);

        var seq = await _nats.PublishAsync(Subjects.Commands.SubmitOrder, TestPayloads.SubmitOrder("o-1"));

        // The actor is busy with the first delivery until released; the redelivery queues behind it.
        await Eventually.WaitUntilAsync(() => host.Stats.Snapshot().Total.RetriesNaked == 1, Deadline, "ask timed out");
        first.SetResult(MessageOutcome.Ack);
        await WaitUntilAckedAsync(consumer, seq);
        Assert.Equal([1, 2], _script.All.Select(r => r.Incoming.Delivery.NumDelivered));
    }

    [RequiresLocalNatsServerFact]
    public async Task Consume_TwoInstancesInOneQueueGroup_ShareTheWorkAndHandleEachMessageOnce()
    {
        await using var first = await PipelineHost.StartAsync(_nats.Url, _script, "a", Commands);
        await using var second = await PipelineHost.StartAsync(_nats.Url, _script, "b", Commands);

        // A started host may still be subscribing when a round goes out (all of it then goes to the
        // other instance): more rounds follow until both have had a share.
        const int round = 30, maxRounds = 10;
        var published = 0;
        do
        {
            ulong last = 0;
            for (var i = 0; i < round; i++, published++)
            {
                last = await _nats.PublishAsync(Subjects.Commands.SubmitOrder, TestPayloads.SubmitOrder($"o-{published}"));
            }

            await WaitUntilAckedAsync(Commands, last);
        }
        while (_script.All.Select(r => r.Instance).Distinct().Count() < 2 && published < round * maxRounds);

        var received = _script.All;
        Assert.Equal(published, received.Count);
        Assert.Equal(published, received.Select(r => r.Incoming.MessageId).Distinct().Count());
        Assert.Equal(["a", "b"], received.Select(r => r.Instance).Distinct().Order());
    }

    [RequiresLocalNatsServerFact]
    public async Task Consume_ManyMessagesForFewOrders_EachActorSeesItsMessagesInStreamOrder()
    {
        // Entities take a little time each, so many messages are in flight and different orders interleave.
        _script.Decide = async _ =>
        {
            await Task.Delay(Random.Shared.Next(0, 3));
            return MessageOutcome.Ack;
        };
        await using var host = await PipelineHost.StartAsync(_nats.Url, _script, "a", Commands);

        var published = new List<(string OrderId, ulong Seq)>();
        var publishes = Enumerable.Range(0, 200).Select(i => $"o-{i % 4}").ToList();
        foreach (var orderId in publishes)
        {
            published.Add((orderId, await _nats.PublishAsync(Subjects.Commands.SubmitOrder, TestPayloads.SubmitOrder(orderId))));
        }

        await WaitUntilAckedAsync(Commands, published[^1].Seq);
        foreach (var group in published.GroupBy(p => p.OrderId))
        {
            var seen = _script.All.Where(r => r.EntityId == group.Key).Select(r => r.Incoming.Delivery.StreamSequence);
            Assert.Equal(group.Select(p => p.Seq), seen);
        }
    }

    [RequiresLocalNatsServerFact]
    public async Task Stop_MessagesInFlight_FinishesAndAcksThemSoNothingIsRedelivered()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _script.Decide = async _ =>
        {
            await release.Task;
            return MessageOutcome.Ack;
        };
        var host = await PipelineHost.StartAsync(_nats.Url, _script, "a", Commands);
        for (var i = 0; i < 10; i++)
        {
            await _nats.PublishAsync(Subjects.Commands.SubmitOrder, TestPayloads.SubmitOrder($"o-{i}"));
        }

        await Eventually.WaitUntilAsync(() => _script.All.Count == 10, Deadline, "all ten in flight");
        var stopping = host.StopAsync();
        await Eventually.WaitUntilAsync(() => !host.Bindings.Snapshot()[Commands.Name].Bound, Deadline, "pulling stopped");
        Assert.False(stopping.IsCompleted, "stop must wait for the messages in flight");
        release.SetResult();
        await stopping.WaitAsync(Deadline);
        await host.DisposeAsync();

        var info = await _nats.ConsumerAsync(Commands);
        Assert.Equal((0L, 0L, 10UL, 10UL), (info.NumAckPending, info.NumRedelivered, info.Delivered.ConsumerSeq, info.AckFloor.StreamSeq));

        await using var restarted = await PipelineHost.StartAsync(_nats.Url, _script, "a", Commands);
        var next = await _nats.PublishAsync(Subjects.Commands.SubmitOrder, TestPayloads.SubmitOrder("o-after"));
        await WaitUntilAckedAsync(Commands, next);
        Assert.Equal(11, _script.All.Count);
    }

    [RequiresLocalNatsServerFact]
    public async Task Consume_SubjectTheServiceDoesNotActOn_IsAckedWithoutReachingTheActor()
    {
        var consumer = PipelineHost.OrdersConsumer with { HandledSubjects = new HashSet<string> { Subjects.Orders.Created } };
        await using var host = await PipelineHost.StartAsync(_nats.Url, _script, "a", consumer);

        var seq = await _nats.PublishAsync(Subjects.Orders.Shipped, TestPayloads.Shipped("o-1", 2));

        await WaitUntilAckedAsync(consumer, seq);
        Assert.Empty(_script.All);
        await WaitUntilCountedAsync(host, t => t.Ignored == 1, "one message counted as ignored");
    }

    [RequiresLocalNatsServerFact]
    public async Task Consume_ConsumerDeletedOnTheServer_IsCreatedAgainAndKeepsConsuming()
    {
        var consumer = Commands with { IdleHeartbeat = TimeSpan.FromSeconds(1) };
        await using var host = await PipelineHost.StartAsync(_nats.Url, _script, "a", consumer);

        await _nats.Js.DeleteConsumerAsync(consumer.Stream, consumer.Durable);
        await Eventually.WaitUntilAsync(async () => await ConsumerExistsAsync(consumer), Deadline, "consumer recreated");
        var seq = await _nats.PublishAsync(Subjects.Commands.SubmitOrder, TestPayloads.SubmitOrder("o-1"));

        await WaitUntilAckedAsync(consumer, seq);
        Assert.Single(_script.All);
    }

    [RequiresLocalNatsServerFact]
    public async Task Consume_StreamDeletedOnTheServer_IsCreatedAgainWithItsConsumerAndKeepsConsuming()
    {
        // What a broker that lost its store looks like to a service: stream and durable both gone.
        var consumer = Commands with { IdleHeartbeat = TimeSpan.FromSeconds(1) };
        await using var host = await PipelineHost.StartAsync(_nats.Url, _script, "a", consumer);

        await _nats.Js.DeleteStreamAsync(consumer.Stream);
        await Eventually.WaitUntilAsync(async () => await ConsumerExistsAsync(consumer), Deadline, "stream and consumer recreated");
        var seq = await _nats.PublishAsync(Subjects.Commands.SubmitOrder, TestPayloads.SubmitOrder("o-1"));

        await WaitUntilAckedAsync(consumer, seq);
        Assert.Single(_script.All);
        Assert.True(host.Bindings.Snapshot()[consumer.Name].Bound);
    }

    [RequiresLocalNatsServerFact]
    public async Task Consume_ServerRestartedWithItsStore_ResumesByItself()
    {
        var consumer = Commands with { IdleHeartbeat = TimeSpan.FromSeconds(1) };
        await using var host = await PipelineHost.StartAsync(_nats.Url, _script, "a", consumer);
        var before = await _nats.PublishAsync(Subjects.Commands.SubmitOrder, TestPayloads.SubmitOrder("o-1"));
        await WaitUntilAckedAsync(consumer, before);

        await _nats.Server.RestartAsync();
        var after = await _nats.PublishAsync(Subjects.Commands.SubmitOrder, TestPayloads.SubmitOrder("o-2"));

        await WaitUntilAckedAsync(consumer, after);
        Assert.Equal(["o-1", "o-2"], _script.All.Select(r => r.EntityId));
    }

    private async Task<bool> ConsumerExistsAsync(ConsumerDefinition consumer)
    {
        try
        {
            await _nats.ConsumerAsync(consumer);
            return true;
        }
        catch (NatsJSApiException ex) when (ex.Error.Code == 404)
        {
            return false;
        }
    }

    private Task WaitUntilAckedAsync(ConsumerDefinition consumer, ulong lastSeq) =>
        Eventually.WaitUntilAsync(
            async () => await _nats.ConsumerAsync(consumer) is { NumAckPending: 0 } info && info.AckFloor.StreamSeq >= lastSeq,
            Deadline,
            $"everything up to #{lastSeq} acked");

    // The pipeline counts a message after its ack reached the server, so the server can show it
    // acked a moment before the counters do.
    private static Task WaitUntilCountedAsync(PipelineHost host, Func<ConsumerStatsSnapshot, bool> counted, string what) =>
        Eventually.WaitUntilAsync(() => counted(host.Stats.Snapshot().Total), Deadline, what);

    private Task WaitUntilSettledAsync(ConsumerDefinition consumer) =>
        Eventually.WaitUntilAsync(async () => (await _nats.ConsumerAsync(consumer)).NumAckPending == 0, Deadline, "nothing pending");
}
