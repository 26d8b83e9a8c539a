using Microsoft.Extensions.Logging.Abstractions;
using Orders.Contracts.Messaging;
using Orders.Messaging.DeadLetters;
using Orders.Messaging.Pipeline;
using Orders.Messaging.Tests.Pipeline.Support;
using NATS.Client.JetStream;
using Orders.Testing;

namespace Orders.Messaging.Tests.DeadLetters;

/// <summary>Dead letters as docs/contract.md describes them, over a real nats-server (private per test).</summary>
public sealed class DeadLetterTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly ConsumerDefinition Commands = PipelineHost.CommandsConsumer;

    private readonly ActorScript _script = new();
    private TestJetStream _nats = null!;

    public async Task InitializeAsync() => _nats = await TestJetStream.StartAsync();

    public async Task DisposeAsync() => await _nats.DisposeAsync();

    [RequiresLocalNatsServerFact]
    public async Task Consume_InvalidMessage_CopiesItUnchangedWithTheFourHeadersAndTerminatesIt()
    {
        await using var host = await PipelineHost.StartAsync(_nats.Url, _script, "a", Commands);
        var payload = TestPayloads.Utf8("""{"orderId":"o 1","customerId":"c-1","currency":"USD","items":[]}""");

        var seq = await _nats.PublishAsync(Subjects.Commands.SubmitOrder, payload);

        var deadLetter = await WaitForDeadLetterAsync();
        Assert.Equal(Subjects.DeadLetter.For(PipelineHost.ServiceName), deadLetter.Subject);
        Assert.Equal(payload, deadLetter.Data.ToArray());
        var headers = deadLetter.Headers!;
        Assert.Contains("orderId", headers[MessageHeaders.DeadReason]);
        Assert.Contains("items", headers[MessageHeaders.DeadReason]);
        Assert.Equal(Subjects.Commands.SubmitOrder, headers[MessageHeaders.OriginalSubject]);
        Assert.Equal(seq.ToString(), headers[MessageHeaders.OriginalSequence]);
        Assert.Equal("1", headers[MessageHeaders.Deliveries]);
        Assert.Equal($"dead:{PipelineHost.ServiceName}:COMMANDS:{seq}", headers[MessageHeaders.MsgId]);
        Assert.Empty(_script.All);
        await AssertTerminatedAsync(seq);
    }

    [RequiresLocalNatsServerFact]
    public async Task Consume_NotUtf8Payload_IsDeadLetteredByteForByte()
    {
        await using var host = await PipelineHost.StartAsync(_nats.Url, _script, "a", Commands);
        byte[] payload = [0x7B, 0x22, 0xC3, 0x28, 0x22, 0x7D, 0x00, 0xFF];

        var seq = await _nats.PublishAsync(Subjects.Commands.SubmitOrder, payload);

        var deadLetter = await WaitForDeadLetterAsync();
        Assert.Equal(payload, deadLetter.Data.ToArray());
        Assert.Contains("UTF-8", deadLetter.Headers![MessageHeaders.DeadReason]);
        await AssertTerminatedAsync(seq);
    }

    [RequiresLocalNatsServerFact]
    public async Task Consume_ActorSaysDeadLetter_IsDeadLetteredWithTheActorsReason()
    {
        _script.Decide = _ => ValueTask.FromResult(MessageOutcome.DeadLetter("same orderId with different content"));
        await using var host = await PipelineHost.StartAsync(_nats.Url, _script, "a", Commands);

        var seq = await _nats.PublishAsync(Subjects.Commands.SubmitOrder, TestPayloads.SubmitOrder("o-1"));

        var deadLetter = await WaitForDeadLetterAsync();
        Assert.Equal("same orderId with different content", deadLetter.Headers![MessageHeaders.DeadReason]);
        await AssertTerminatedAsync(seq);
        Assert.Equal(1, host.Stats.Snapshot().Total.DeadLetters);
    }

    [RequiresLocalNatsServerFact]
    public async Task Consume_PayloadAtMaxPayload_IsDeadLetteredCutToFitWithItsOriginalSize()
    {
        await using var host = await PipelineHost.StartAsync(_nats.Url, _script, "a", Commands);
        var maxPayload = _nats.Js.Connection.ServerInfo!.MaxPayload;
        var payload = new byte[maxPayload - 200];
        Array.Fill(payload, (byte)'x');

        var seq = await _nats.PublishAsync(Subjects.Commands.SubmitOrder, payload);

        var deadLetter = await WaitForDeadLetterAsync();
        var headers = deadLetter.Headers!;
        Assert.Equal(payload.Length.ToString(), headers[MessageHeaders.OriginalSize]);
        Assert.Contains("payload cut from", headers[MessageHeaders.DeadReason]);
        Assert.True(deadLetter.Data.Length < payload.Length);
        Assert.True(deadLetter.Data.Span.SequenceEqual(payload.AsSpan(0, deadLetter.Data.Length)));
        await AssertTerminatedAsync(seq);
    }

    [RequiresLocalNatsServerFact]
    public async Task Consume_DeadLetterStreamMissingAtLastDelivery_KeepsTheMessageInProgressAndDeadLettersItOnceTheStreamIsBack()
    {
        // A short ack wait: one failing copy (5 s of "no responders" retries) outlasts it twice over,
        // so only the in-progress signals keep the server from giving up on the message.
        var consumer = Commands with { AckWait = TimeSpan.FromSeconds(2), AskTimeout = TimeSpan.FromSeconds(1) };
        _script.Decide = _ => ValueTask.FromResult(MessageOutcome.Retry("database unavailable"));
        await using var maxDeliveries = await _nats.Connection.SubscribeCoreAsync<byte[]>(
            $"$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.{consumer.Stream}.{consumer.Durable}");
        await using var host = await PipelineHost.StartAsync(_nats.Url, _script, "a", consumer);
        await _nats.Js.DeleteStreamAsync(Streams.Names.DeadLetter); // after the start, which provisions it

        var seq = await _nats.PublishAsync(Subjects.Commands.SubmitOrder, TestPayloads.SubmitOrder("o-1"));
        await Eventually.WaitUntilAsync(() => host.Stats.Snapshot().Total.DeadLetterFailures >= 1, Deadline, "a dead-letter copy failed");
        await _nats.CreateProvisioner().ProvisionAsync();

        var deadLetter = await WaitForDeadLetterAsync();
        Assert.Equal("still failing after 3 deliveries: database unavailable", deadLetter.Headers![MessageHeaders.DeadReason]);
        await Eventually.WaitUntilAsync(async () => (await _nats.ConsumerAsync(consumer)).AckFloor.StreamSeq == seq, Deadline, "terminated");
        var info = await _nats.ConsumerAsync(consumer);
        Assert.Equal((3UL, 0L), (info.Delivered.ConsumerSeq, info.NumAckPending));
        var stats = host.Stats.Snapshot().Total;
        Assert.Equal((1L, 0L), (stats.DeadLetters, stats.DeadLettersAbandoned));
        Assert.True(stats.DeadLetterRetries >= 1, $"no in-process retry counted: {stats}");
        await _nats.Connection.PingAsync();
        Assert.False(maxDeliveries.Msgs.TryRead(out _), "the ack wait ran out on the last delivery: the server gave up on the message");
    }

    [RequiresLocalNatsServerFact]
    public async Task Stop_DeadLetterStreamStillMissingAtLastDelivery_GivesUpAtTheStopDeadlineAndCountsItAbandoned()
    {
        _script.Decide = _ => ValueTask.FromResult(MessageOutcome.Retry("database unavailable"));
        await using var host = await PipelineHost.StartAsync(_nats.Url, _script, "a", Commands);
        await _nats.Js.DeleteStreamAsync(Streams.Names.DeadLetter);
        await _nats.PublishAsync(Subjects.Commands.SubmitOrder, TestPayloads.SubmitOrder("o-1"));
        await Eventually.WaitUntilAsync(() => host.Stats.Snapshot().Total.DeadLetterFailures >= 1, Deadline, "a dead-letter copy failed");

        using var stopDeadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await host.Host.StopAsync(stopDeadline.Token).WaitAsync(Deadline);

        await Eventually.WaitUntilAsync(() => host.Stats.Snapshot().Total.DeadLettersAbandoned == 1, Deadline, "counted abandoned");
        Assert.Equal(0, host.Stats.Snapshot().Total.DeadLetters);
    }

    [RequiresLocalNatsServerFact]
    public async Task DeadLetterAsync_TwoServicesSameMessage_EachKeepsItsCopy()
    {
        var consumer = new ConsumerDefinition("COMMANDS", "raw", "commands.>");
        await _nats.CreateProvisioner(consumer).ProvisionAsync();
        await _nats.PublishAsync(Subjects.Commands.SubmitOrder, TestPayloads.Utf8("not json"));
        var payments = new DeadLetterPublisher(_nats.Js, "payment-service", NullLogger<DeadLetterPublisher>.Instance);
        var status = new DeadLetterPublisher(_nats.Js, "status-service", NullLogger<DeadLetterPublisher>.Instance);

        using var cts = new CancellationTokenSource(Deadline);
        var raw = await _nats.Js.GetConsumerAsync(consumer.Stream, consumer.Durable, cts.Token);
        var msg = await raw.NextAsync<byte[]>(cancellationToken: cts.Token) ?? throw new TimeoutException("no message");
        await payments.DeadLetterAsync(msg, "not JSON");
        await status.DeadLetterAsync(msg, "not JSON");

        Assert.Equal(2UL, await _nats.MessageCountAsync(Streams.Names.DeadLetter));
    }

    [RequiresLocalNatsServerFact]
    public async Task DeadLetterAsync_SameMessageTwice_StoresOneCopy()
    {
        // What a crash between the copy and the TERM leads to: the redelivery is copied again.
        var consumer = new ConsumerDefinition("COMMANDS", "raw", "commands.>");
        await _nats.CreateProvisioner(consumer).ProvisionAsync();
        await _nats.PublishAsync(Subjects.Commands.SubmitOrder, TestPayloads.Utf8("not json"));
        var publisher = new DeadLetterPublisher(_nats.Js, "order-service", NullLogger<DeadLetterPublisher>.Instance);

        using var cts = new CancellationTokenSource(Deadline);
        var raw = await _nats.Js.GetConsumerAsync(consumer.Stream, consumer.Durable, cts.Token);
        var msg = await raw.NextAsync<byte[]>(cancellationToken: cts.Token) ?? throw new TimeoutException("no message");
        await publisher.DeadLetterAsync(msg, "not JSON");
        await publisher.DeadLetterAsync(msg, "not JSON");

        Assert.Equal(1UL, await _nats.MessageCountAsync(Streams.Names.DeadLetter));
    }

    private async Task<StoredMessage> WaitForDeadLetterAsync()
    {
        await Eventually.WaitUntilAsync(async () => await _nats.MessageCountAsync(Streams.Names.DeadLetter) == 1, Deadline, "dead letter stored");
        return await _nats.GetMessageAsync(Streams.Names.DeadLetter, 1);
    }

    /// <summary>Terminated: settled after exactly one delivery (a nak or a lost ack would have redelivered it).</summary>
    private async Task AssertTerminatedAsync(ulong seq)
    {
        await Eventually.WaitUntilAsync(async () => (await _nats.ConsumerAsync(Commands)).NumAckPending == 0, Deadline, "terminated");
        var info = await _nats.ConsumerAsync(Commands);
        Assert.Equal((1UL, seq, 0L), (info.Delivered.ConsumerSeq, info.AckFloor.StreamSeq, info.NumRedelivered));
    }
}
