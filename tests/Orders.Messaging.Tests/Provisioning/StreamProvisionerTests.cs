using Microsoft.Extensions.Logging.Abstractions;
using Orders.Contracts.Messaging;
using Orders.Messaging.Pipeline;
using Orders.Messaging.Provisioning;
using Orders.Messaging.Tests.Pipeline.Support;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Orders.Testing;

namespace Orders.Messaging.Tests.Provisioning;

/// <summary>Provisioning against a real nats-server (private per test: the stream names are the contract's).</summary>
public sealed class StreamProvisionerTests : IAsyncLifetime
{
    private static readonly ConsumerDefinition Consumer = PipelineHost.OrdersConsumer;

    private TestJetStream _nats = null!;

    public async Task InitializeAsync() => _nats = await TestJetStream.StartAsync(provision: false);

    public async Task DisposeAsync() => await _nats.DisposeAsync();

    [RequiresLocalNatsServerFact]
    public async Task ProvisionAsync_EmptyServer_CreatesTheFourContractStreamsWithTheContractLimits()
    {
        await _nats.CreateProvisioner().ProvisionAsync();

        foreach (var spec in Streams.All)
        {
            var config = (await _nats.Js.GetStreamAsync(spec.Name)).Info.Config;
            Assert.Equal([spec.Subject], config.Subjects);
            Assert.Equal(
                (StreamConfigStorage.File, StreamConfigRetention.Limits, TimeSpan.FromDays(7), TimeSpan.FromMinutes(2), 1),
                (config.Storage, config.Retention, config.MaxAge, config.DuplicateWindow, config.NumReplicas));
        }
    }

    [RequiresLocalNatsServerFact]
    public async Task ProvisionAsync_ConsumerDefinition_CreatesTheDurablePullConsumer()
    {
        await _nats.CreateProvisioner(Consumer).ProvisionAsync();

        var config = (await _nats.ConsumerAsync(Consumer)).Config;
        Assert.Equal(
            (Consumer.Durable, (string?)null, Consumer.FilterSubject, ConsumerConfigAckPolicy.Explicit, (long)Consumer.MaxDeliver, Consumer.AckWait, (long)Consumer.MaxAckPending),
            (config.DurableName, config.DeliverSubject, config.FilterSubject, config.AckPolicy, config.MaxDeliver, config.AckWait, config.MaxAckPending));
    }

    [RequiresLocalNatsServerFact]
    public async Task ProvisionAsync_PushConsumerOfAnEarlierVersion_IsReplacedByThePullConsumer()
    {
        await _nats.CreateProvisioner().ProvisionAsync();
        await _nats.Js.CreateOrUpdateConsumerAsync(Consumer.Stream, new ConsumerConfig(Consumer.Durable)
        {
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
            FilterSubject = Consumer.FilterSubject,
            DeliverSubject = $"_deliver.{Consumer.Durable}.{Consumer.Stream}",
            DeliverGroup = Consumer.Durable,
        });

        await _nats.CreateProvisioner(Consumer).ProvisionAsync();

        var config = (await _nats.ConsumerAsync(Consumer)).Config;
        Assert.Equal(((string?)null, Consumer.AckWait), (config.DeliverSubject, config.AckWait));
    }

    [RequiresLocalNatsServerFact]
    public async Task ProvisionAsync_RunAgain_KeepsStreamsAndMessagesAndUpdatesTheConsumer()
    {
        await _nats.CreateProvisioner(Consumer).ProvisionAsync();
        await _nats.PublishAsync(Subjects.Orders.Shipped, TestPayloads.Shipped("o-1", 3));
        var created = (await _nats.Js.GetStreamAsync(Streams.Names.Orders)).Info.Created;

        await _nats.CreateProvisioner(Consumer with { MaxDeliver = 7 }).ProvisionAsync();

        var stream = (await _nats.Js.GetStreamAsync(Streams.Names.Orders)).Info;
        Assert.Equal((created, 1L), (stream.Created, stream.State.Messages));
        Assert.Equal(7, (await _nats.ConsumerAsync(Consumer)).Config.MaxDeliver);
    }

    [RequiresLocalNatsServerFact]
    public async Task ProvisionAsync_TwoInstancesAtOnce_BothSucceedWithOneSetOfStreamsAndConsumers()
    {
        await using var other = new NatsConnection(new NatsOpts { Url = _nats.Url, Name = "second-instance" });
        var first = _nats.CreateProvisioner(Consumer);
        var second = new StreamProvisioner(
            new NatsJSContext(other), new StreamsOptions(), [Consumer], NullLogger<StreamProvisioner>.Instance);

        await Task.WhenAll(first.ProvisionAsync(), second.ProvisionAsync());

        foreach (var spec in Streams.All)
        {
            Assert.Equal(spec.Name, (await _nats.Js.GetStreamAsync(spec.Name)).Info.Config.Name);
        }

        Assert.Equal(Consumer.Durable, (await _nats.ConsumerAsync(Consumer)).Name);
    }

    [RequiresLocalNatsServerFact]
    public async Task ProvisionAsync_ServerStartsLater_RetriesUntilItIsReady()
    {
        await _nats.Server.StopAsync();
        var provisioner = _nats.CreateProvisioner(Consumer);

        var provisioning = provisioner.ProvisionAsync();
        await _nats.Server.StartAsync();
        await provisioning.WaitAsync(TestJetStream.ReadyTimeout * 2);

        Assert.Equal(Consumer.Durable, (await _nats.ConsumerAsync(Consumer)).Name);
    }

    [RequiresLocalNatsServerFact]
    public async Task ProvisionAsync_AnotherStreamHoldsTheSubjects_ThrowsTheOverlapNotATimeout()
    {
        // The creation race with another instance is retried a few times; a stream of another name
        // that keeps the subjects is not a race, and must surface as itself well before ReadyTimeout.
        await _nats.Js.CreateStreamAsync(new StreamConfig("SQUATTER", [Streams.Commands.Subject]));
        var provisioner = _nats.CreateProvisioner();

        var error = await Assert.ThrowsAsync<NatsJSApiException>(() => provisioner.ProvisionAsync());

        Assert.Equal(10065, error.Error.ErrCode);
    }

    [RequiresLocalNatsServerFact]
    public async Task ProvisionAsync_NoServerWithinReadyTimeout_ThrowsTimeoutNamingWhat()
    {
        await _nats.Server.StopAsync();
        var provisioner = new StreamProvisioner(
            _nats.Js, new StreamsOptions { ReadyTimeout = TimeSpan.FromMilliseconds(300) }, [], NullLogger<StreamProvisioner>.Instance);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => provisioner.ProvisionAsync());

        Assert.Contains("stream COMMANDS", error.Message);
    }
}
