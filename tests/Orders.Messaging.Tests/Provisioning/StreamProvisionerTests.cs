using Microsoft.Extensions.Logging.Abstractions;
using Orders.Contracts.Messaging;
using Orders.Messaging.Pipeline;
using Orders.Messaging.Provisioning;
using Orders.Messaging.Tests.Pipeline.Support;
using Orders.Nats;
using Orders.Nats.JetStream;
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
            var config = (await _nats.Js.GetStreamAsync(spec.Name)).Config;
            Assert.Equal([spec.Subject], config.Subjects);
            Assert.Equal(
                (StreamStorage.File, StreamRetention.Limits, TimeSpan.FromDays(7), TimeSpan.FromMinutes(2), 1),
                (config.Storage, config.Retention, config.MaxAge, config.DuplicateWindow, config.NumReplicas));
        }
    }

    [RequiresLocalNatsServerFact]
    public async Task ProvisionAsync_ConsumerDefinition_CreatesTheDurablePushConsumerInItsQueueGroup()
    {
        await _nats.CreateProvisioner(Consumer).ProvisionAsync();

        var config = (await _nats.ConsumerAsync(Consumer)).Config;
        Assert.Equal(
            (Consumer.Durable, Consumer.DeliverSubject, Consumer.Durable, Consumer.FilterSubject, ConsumerAckPolicy.Explicit, Consumer.MaxDeliver, Consumer.AckWait),
            (config.DurableName, config.DeliverSubject, config.DeliverGroup, config.FilterSubject, config.AckPolicy, config.MaxDeliver, config.AckWait));
    }

    [RequiresLocalNatsServerFact]
    public async Task ProvisionAsync_RunAgain_KeepsStreamsAndMessagesAndUpdatesTheConsumer()
    {
        await _nats.CreateProvisioner(Consumer).ProvisionAsync();
        await _nats.PublishAsync(Subjects.Orders.Shipped, TestPayloads.Shipped("o-1", 3));
        var created = (await _nats.Js.GetStreamAsync(Streams.Names.Orders)).Created;

        await _nats.CreateProvisioner(Consumer with { MaxDeliver = 7 }).ProvisionAsync();

        var stream = await _nats.Js.GetStreamAsync(Streams.Names.Orders);
        Assert.Equal((created, 1UL), (stream.Created, stream.State.Messages));
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
            Assert.Equal(spec.Name, (await _nats.Js.GetStreamAsync(spec.Name)).Config.Name);
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
    public async Task ProvisionAsync_NoServerWithinReadyTimeout_ThrowsTimeoutNamingWhat()
    {
        await _nats.Server.StopAsync();
        var provisioner = new StreamProvisioner(
            _nats.Js, new StreamsOptions { ReadyTimeout = TimeSpan.FromMilliseconds(300) }, [], NullLogger<StreamProvisioner>.Instance);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => provisioner.ProvisionAsync());

        Assert.Contains("stream COMMANDS", error.Message);
    }
}
