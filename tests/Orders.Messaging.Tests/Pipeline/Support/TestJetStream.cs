using Microsoft.Extensions.Logging.Abstractions;
using Orders.Messaging.Pipeline;
using Orders.Messaging.Provisioning;
using Orders.Nats;
using Orders.Nats.JetStream;
using Orders.Testing;

namespace Orders.Messaging.Tests.Pipeline.Support;

/// <summary>
/// A private nats-server with the contract's streams, and a client connection for the test's own
/// publishing and inspection. Private, because the stream names are fixed by the contract: tests
/// sharing a server would read each other's messages.
/// </summary>
public sealed class TestJetStream : IAsyncDisposable
{
    private TestJetStream(NatsServerFixture server, NatsConnection connection)
    {
        Server = server;
        Connection = connection;
        Js = new NatsJSContext(connection);
    }

    public NatsServerFixture Server { get; }

    public NatsConnection Connection { get; }

    public NatsJSContext Js { get; }

    public string Url => Server.Url;

    public static async Task<TestJetStream> StartAsync(bool provision = true)
    {
        var server = await NatsServerFixture.StartNewAsync();
        var connection = new NatsConnection(new NatsOpts { Url = server.Url, Name = "test-client" });
        var jetStream = new TestJetStream(server, connection);
        if (provision)
        {
            await jetStream.CreateProvisioner().ProvisionAsync();
        }

        return jetStream;
    }

    /// <summary>How long provisioners created here wait for JetStream: a (re)started server on a loaded machine may need seconds, and the client's reconnect backoff adds some.</summary>
    public static TimeSpan ReadyTimeout { get; } = TimeSpan.FromSeconds(30);

    public StreamProvisioner CreateProvisioner(params ConsumerDefinition[] consumers) =>
        new(Js, new StreamsOptions { ReadyTimeout = ReadyTimeout }, consumers, NullLogger<StreamProvisioner>.Instance);

    public async Task<ulong> PublishAsync(string subject, byte[] payload, string? msgId = null)
    {
        var ack = await Js.PublishAsync(subject, payload, msgId is null ? null : new NatsJSPubOpts { MsgId = msgId });
        return ack.Seq;
    }

    public Task<ConsumerInfo> ConsumerAsync(ConsumerDefinition consumer) => Js.GetConsumerAsync(consumer.Stream, consumer.Durable).AsTask();

    public async Task<ulong> MessageCountAsync(string stream) => (await Js.GetStreamAsync(stream)).State.Messages;

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await Server.DisposeAsync();
    }
}
