using System.Text.Json;
using Orders.Nats.JetStream;
using Orders.Testing;

namespace Orders.Nats.Tests.JetStream;

/// <summary>Push consumers with a deliver group, the way the services consume. Ack waits are ~2 s to keep timing tests short.</summary>
[Collection(NatsCollection.Name)]
public sealed class PushConsumerTests(NatsServerFixture server) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    // Short enough for quick redelivery tests, long enough that a starved test process still acks,
    // terms or reports progress in time (a second's stall is not unusual on a loaded 2-core box).
    private static readonly TimeSpan ShortAckWait = TimeSpan.FromSeconds(2);
    // Timer granularity on the server and a busy 2-core machine: tolerate this much earliness.
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(100);

    private JetStreamTestScope _js = null!;

    public async Task InitializeAsync() => _js = await JetStreamTestScope.StartAsync(server);

    public async Task DisposeAsync() => await _js.DisposeAsync();

    [Fact]
    public async Task ConsumePush_QueueGroupOfTwo_DeliversEachMessageToExactlyOneMember()
    {
        const int round = 100, maxRounds = 10;
        var (stream, config) = await CreatePushConsumerAsync("QG", c => c);
        await using var second = await JetStreamTestScope.StartAsync(server);
        await using var memberA = MsgCollector.StartAcking(ct => _js.JS.ConsumePushAsync(stream, config, ct));
        await using var memberB = MsgCollector.StartAcking(ct => second.JS.ConsumePushAsync(stream, config, ct));
        await WaitUntilBoundAsync(stream, config.DurableName);

        // "Bound" means one member subscribed; the other may still be subscribing when a round goes
        // out (all of it then goes to the first). More rounds follow until both have had a share.
        var count = 0;
        do
        {
            await _js.PublishManyAsync($"{stream}.q", round);
            count += round;
            await Eventually.WaitUntilAsync(() => Throw(memberA, memberB).Count + memberB.Count >= count, Deadline, "all messages delivered");
        }
        while ((memberA.Count == 0 || memberB.Count == 0) && count < round * maxRounds);

        await WaitUntilAllAckedAsync(stream, config.DurableName);

        var sequences = memberA.Deliveries.Concat(memberB.Deliveries).Select(d => d.StreamSeq).ToList();
        Assert.Equal(count, sequences.Count);                          // none twice
        Assert.Equal(Enumerable.Range(1, count).Select(i => (ulong)i), sequences.Order()); // none missing
        Assert.NotEmpty(memberA.Deliveries);                            // the group really shared the work
        Assert.NotEmpty(memberB.Deliveries);
    }

    [Fact]
    public async Task ConsumePush_MessageNotAcked_IsRedeliveredAfterAckWait()
    {
        var (stream, config) = await CreatePushConsumerAsync("REDELIVER", c => c with { AckWait = ShortAckWait });
        await using var collector = MsgCollector.Start(
            ct => _js.JS.ConsumePushAsync(stream, config, ct),
            msg => msg.Metadata.NumDelivered >= 2 ? msg.AckAsync() : ValueTask.CompletedTask);
        await WaitUntilBoundAsync(stream, config.DurableName);

        // Measured from before the publish: the server's ack-wait timer starts when it sends the first
        // delivery, which a starved test process may record much later than it was sent.
        var publishedAt = collector.Elapsed;
        await _js.JS.PublishAsync($"{stream}.a", "x"u8.ToArray());
        await Eventually.WaitUntilAsync(() => Throw(collector).Count >= 2, Deadline, "a redelivery");

        var (first, second) = (collector.Deliveries[0], collector.Deliveries[1]);
        Assert.Equal(first.StreamSeq, second.StreamSeq);
        Assert.Equal(2UL, second.Msg.Metadata.NumDelivered);
        Assert.True(second.At - publishedAt >= ShortAckWait - Slack, $"redelivered {second.At - publishedAt} after the publish");
    }

    [Fact]
    public async Task NakWithDelay_RedeliversNoEarlierThanTheDelay()
    {
        var delay = TimeSpan.FromSeconds(1);
        var (stream, config) = await CreatePushConsumerAsync("NAKDELAY", c => c with { AckWait = TimeSpan.FromSeconds(20) });
        await using var collector = MsgCollector.Start(
            ct => _js.JS.ConsumePushAsync(stream, config, ct),
            msg => msg.Metadata.NumDelivered == 1 ? msg.NakAsync(delay) : msg.AckAsync());
        await WaitUntilBoundAsync(stream, config.DurableName);

        await _js.JS.PublishAsync($"{stream}.a", "x"u8.ToArray());
        await Eventually.WaitUntilAsync(() => Throw(collector).Count >= 2, Deadline, "the nak'ed message comes back");

        var gap = collector.Deliveries[1].At - collector.Deliveries[0].At;
        Assert.True(gap >= delay - Slack, $"redelivered after {gap}, before the {delay} delay");
        Assert.True(gap < config.AckWait, $"redelivered after {gap}: by the ack wait, not by the nak");
    }

    [Fact]
    public async Task NakWithoutDelay_RedeliversAtOnce()
    {
        var (stream, config) = await CreatePushConsumerAsync("NAK", c => c with { AckWait = TimeSpan.FromSeconds(60) });
        await using var collector = MsgCollector.Start(
            ct => _js.JS.ConsumePushAsync(stream, config, ct),
            msg => msg.Metadata.NumDelivered == 1 ? msg.NakAsync() : msg.AckAsync());
        await WaitUntilBoundAsync(stream, config.DurableName);

        await _js.JS.PublishAsync($"{stream}.a", "x"u8.ToArray());

        // Half the 60 s ack wait: only the NAK can have caused a redelivery this soon.
        await Eventually.WaitUntilAsync(() => Throw(collector).Count >= 2, config.AckWait / 2, "an immediate redelivery");
    }

    [Fact]
    public async Task Term_StopsRedeliveryOfThatMessage()
    {
        var (stream, config) = await CreatePushConsumerAsync("TERM", c => c with { AckWait = ShortAckWait });
        var termed = await _js.JS.PublishAsync($"{stream}.a", "poison"u8.ToArray());
        var witness = await _js.JS.PublishAsync($"{stream}.a", "late"u8.ToArray());
        // The witness is left unacked once: its redelivery comes after a full ack wait, by which
        // time the termed message would have been redelivered too, had the term not worked.
        await using var collector = MsgCollector.Start(
            ct => _js.JS.ConsumePushAsync(stream, config, ct),
            msg => msg.Metadata.Sequence.Stream == termed.Seq ? msg.TermAsync("cannot parse")
                 : msg.Metadata.NumDelivered >= 2 ? msg.AckAsync() : ValueTask.CompletedTask);

        await Eventually.WaitUntilAsync(() => Throw(collector).Of(witness.Seq).Count >= 2, Deadline, "the witness redelivered");
        await WaitUntilAllAckedAsync(stream, config.DurableName);

        Assert.Single(collector.Of(termed.Seq));
    }

    [Fact]
    public async Task MaxDeliver_IsHonoured_ExactlyThatManyDeliveriesThenNone()
    {
        const int maxDeliver = 3;
        var (stream, config) = await CreatePushConsumerAsync("MAXDEL", c => c with { MaxDeliver = maxDeliver, AckWait = TimeSpan.FromSeconds(20) });
        await using var advisories = await _js.Nats.SubscribeCoreAsync($"$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.{stream}.{config.DurableName}");
        var failing = await _js.JS.PublishAsync($"{stream}.a", "always fails"u8.ToArray());
        await using var collector = MsgCollector.Start(
            ct => _js.JS.ConsumePushAsync(stream, config, ct),
            msg => msg.Metadata.Sequence.Stream == failing.Seq ? msg.NakAsync() : msg.AckAsync());

        var advisory = await advisories.Msgs.ReadAsync().AsTask().WaitAsync(Deadline);
        var witness = await _js.JS.PublishAsync($"{stream}.a", "after"u8.ToArray());
        await Eventually.WaitUntilAsync(() => Throw(collector).Of(witness.Seq).Count == 1, Deadline, "the witness delivered");

        Assert.Equal(maxDeliver, collector.Of(failing.Seq).Count);
        Assert.Equal([1UL, 2UL, 3UL], collector.Of(failing.Seq).Select(d => d.Msg.Metadata.NumDelivered));
        using var json = JsonDocument.Parse(advisory.Data);
        Assert.Equal(failing.Seq, json.RootElement.GetProperty("stream_seq").GetUInt64());
        Assert.Equal("always fails"u8.ToArray(), (await _js.JS.GetMsgAsync(stream, failing.Seq)).Data.ToArray()); // still in the stream for dead-lettering
    }

    [Fact]
    public async Task InProgress_ExtendsTheAckDeadline()
    {
        var (stream, config) = await CreatePushConsumerAsync("WPI", c => c with { AckWait = ShortAckWait });
        var slow = await _js.JS.PublishAsync($"{stream}.a", "slow"u8.ToArray());
        await using var collector = MsgCollector.Start(
            ct => _js.JS.ConsumePushAsync(stream, config, ct),
            async msg =>
            {
                if (msg.Metadata.Sequence.Stream != slow.Seq || msg.Metadata.NumDelivered > 1)
                {
                    await msg.AckAsync();
                    return;
                }

                // Simulated slow work (the behaviour under test, not synchronisation): twice the
                // ack wait in total, reporting progress every quarter of it, so a progress report
                // that is late by most of an ack wait still keeps the message.
                for (var i = 0; i < 8; i++)
                {
                    await Task.Delay(ShortAckWait * 0.25);
                    await msg.InProgressAsync();
                }

                await msg.AckSyncAsync();
            });

        await Eventually.WaitUntilAsync(() => Throw(collector).Count >= 1, Deadline, "the slow message delivered");
        await WaitUntilAllAckedAsync(stream, config.DurableName);
        // Any redelivery during the slow work would be queued before this witness.
        var witness = await _js.JS.PublishAsync($"{stream}.a", "witness"u8.ToArray());
        await Eventually.WaitUntilAsync(() => Throw(collector).Of(witness.Seq).Count == 1, Deadline, "the witness delivered");

        Assert.Single(collector.Of(slow.Seq));
        Assert.Equal(0L, (await _js.JS.GetConsumerAsync(stream, config.DurableName)).NumRedelivered);
    }

    [Fact]
    public async Task ConsumePush_FlowControlWithBigMessages_KeepsFlowing()
    {
        // Without answers to flow-control requests the server stalls after a few MB (a handful of these).
        const int count = 40;
        var payload = new byte[512 * 1024];
        Random.Shared.NextBytes(payload);
        var (stream, config) = await CreatePushConsumerAsync("FLOW", c => c with { FlowControl = true, IdleHeartbeat = TimeSpan.FromSeconds(1), DeliverGroup = null });
        for (var i = 0; i < count; i++)
        {
            await _js.JS.PublishAsync($"{stream}.big", payload);
        }

        await using var collector = MsgCollector.StartAcking(ct => _js.JS.ConsumePushAsync(stream, config, ct));
        await Eventually.WaitUntilAsync(() => Throw(collector).Count >= count, Deadline, "all big messages delivered");

        Assert.Equal(count, collector.Count); // status messages (flow control, heartbeats) never surface
        Assert.All(collector.Deliveries, d => Assert.True(d.Msg.Data.Span.SequenceEqual(payload)));
        Assert.Equal(Enumerable.Range(1, count).Select(i => (ulong)i), collector.Deliveries.Select(d => d.StreamSeq));
    }

    [Fact]
    public async Task ConsumePush_StopReceivingWithMessagesBuffered_YieldsThemAllThenEndsAndNoneIsRedelivered()
    {
        const int count = 50;
        // An ack wait far longer than the test: any redelivery would come from a lost message or ack, not from slowness.
        var (stream, config) = await CreatePushConsumerAsync("DRAIN", c => c with { AckWait = TimeSpan.FromSeconds(30) });
        await _js.PublishManyAsync($"{stream}.d", count);
        using var stopReceiving = new CancellationTokenSource();
        using var hardStop = new CancellationTokenSource(Deadline);
        await using var messages = _js.JS.ConsumePushAsync(stream, config.DurableName, stopReceiving.Token, hardStop.Token).GetAsyncEnumerator();

        // Take one message, then wait until the server has sent all of them: the rest sit in our buffer.
        Assert.True(await messages.MoveNextAsync());
        var received = new List<NatsJSMsg> { messages.Current };
        await Eventually.WaitUntilAsync(
            async () => (await _js.JS.GetConsumerAsync(stream, config.DurableName)).NumAckPending == count, Deadline, "all messages delivered to us");
        await _js.Nats.PingAsync(); // everything the server sent is now in the subscription's buffer
        await stopReceiving.CancelAsync();

        while (await messages.MoveNextAsync())
        {
            received.Add(messages.Current);
        }

        foreach (var msg in received)
        {
            await msg.AckAsync();
        }

        await WaitUntilAllAckedAsync(stream, config.DurableName);
        Assert.Equal(Enumerable.Range(1, count).Select(i => (ulong)i), received.Select(m => m.Metadata.Sequence.Stream));
        Assert.All(received, m => Assert.Equal(1UL, m.Metadata.NumDelivered));
        var info = await _js.JS.GetConsumerAsync(stream, config.DurableName);
        Assert.Equal((ulong)count, info.Delivered.ConsumerSeq); // one delivery per message: nothing was redelivered
        Assert.False(info.PushBound);                            // drained: the server no longer delivers to us
    }

    [Fact]
    public async Task ConsumePush_MessagesKeptAfterTheReadBufferWasReused_EachKeepsItsReplySubjectPayloadAndMetadata()
    {
        const int count = 400;
        var (stream, config) = await CreatePushConsumerAsync("KEEP", c => c with { AckWait = TimeSpan.FromSeconds(30) });
        // ~100 KB of payload and ack subjects: the socket reader's buffers are reused many times before the first check.
        var payloads = Enumerable.Range(1, count).Select(i => $"payload-{i}-{new string('x', 200)}").ToArray();
        await _js.JS.PublishBatchAsync(payloads.Select(p => new NatsJSPubItem($"{stream}.k", System.Text.Encoding.UTF8.GetBytes(p))));
        using var timeout = new CancellationTokenSource(Deadline);

        var received = new List<NatsJSMsg>();
        await foreach (var msg in _js.JS.ConsumePushAsync(stream, config.DurableName, timeout.Token))
        {
            received.Add(msg); // nothing is read from the message until all have arrived
            if (received.Count == count)
            {
                break;
            }
        }

        for (var i = 0; i < count; i++)
        {
            var msg = received[i];
            var seq = (ulong)(i + 1);
            Assert.Equal(payloads[i], System.Text.Encoding.UTF8.GetString(msg.Data.Span));
            Assert.StartsWith($"$JS.ACK.{stream}.svc.1.{seq}.{seq}.", msg.ReplyTo);
            Assert.Equal(NatsJSMsgMetadata.Parse(msg.ReplyTo), msg.Metadata);
            Assert.Equal(new NatsJSSequencePair(seq, seq), msg.Metadata.Sequence);
            Assert.Equal($"{stream}.k", msg.Subject);
        }

        foreach (var msg in received)
        {
            await msg.AckAsync(); // sent to the ack subject kept as bytes
        }

        await WaitUntilAllAckedAsync(stream, config.DurableName);
    }

    [Fact]
    public async Task ConsumePush_StopReceivingWhileIdle_EndsTheEnumeration()
    {
        var (stream, config) = await CreatePushConsumerAsync("DRAINIDLE", c => c);
        using var stopReceiving = new CancellationTokenSource();
        await using var messages = _js.JS.ConsumePushAsync(stream, config.DurableName, stopReceiving.Token, CancellationToken.None).GetAsyncEnumerator();
        var next = messages.MoveNextAsync().AsTask();
        await WaitUntilBoundAsync(stream, config.DurableName);

        await stopReceiving.CancelAsync();

        Assert.False(await next.WaitAsync(Deadline));
    }

    private async Task<(string Stream, ConsumerConfig Config)> CreatePushConsumerAsync(string prefix, Func<ConsumerConfig, ConsumerConfig> configure)
    {
        var stream = await _js.CreateStreamAsync(prefix);
        var config = configure(new ConsumerConfig("svc")
        {
            DeliverSubject = $"deliver.{stream.Name}",
            DeliverGroup = "svc",
        });
        await _js.JS.CreateOrUpdateConsumerAsync(stream.Name, config);
        return (stream.Name, config);
    }

    private async Task WaitUntilBoundAsync(string stream, string consumer) =>
        await Eventually.WaitUntilAsync(
            async () => (await _js.JS.GetConsumerAsync(stream, consumer)).PushBound, Deadline, "the deliver subject has a subscriber");

    private async Task WaitUntilAllAckedAsync(string stream, string consumer) =>
        await Eventually.WaitUntilAsync(
            async () => (await _js.JS.GetConsumerAsync(stream, consumer)) is { NumAckPending: 0, NumPending: 0 }, Deadline, "everything acked");

    private static MsgCollector Throw(MsgCollector collector, MsgCollector? other = null)
    {
        collector.ThrowIfFailed();
        other?.ThrowIfFailed();
        return collector;
    }
}
