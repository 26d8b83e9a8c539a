using Microsoft.Extensions.Logging.Abstractions;
using Orders.Messaging.Pipeline;
using Orders.Messaging.Provisioning;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
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
        var ack = await Js.PublishAsync(subject, payload, opts: msgId is null ? null : new NatsJSPubOpts { MsgId = msgId });
        ack.EnsureSuccess();
        return ack.Seq;
    }

    public async Task<ConsumerInfo> ConsumerAsync(ConsumerDefinition consumer) => (await Js.GetConsumerAsync(consumer.Stream, consumer.Durable)).Info;

    public async Task<ulong> MessageCountAsync(string stream) => (ulong)(await Js.GetStreamAsync(stream)).Info.State.Messages;

    /// <summary>The message at <paramref name="sequence"/> of <paramref name="stream"/>, read through an ordered consumer.</summary>
    public async Task<StoredMessage> GetMessageAsync(string stream, ulong sequence)
    {
        var reader = await Js.CreateOrderedConsumerAsync(stream, new NatsJSOrderedConsumerOpts
        {
            DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence,
            OptStartSeq = sequence,
        });
        var msg = await reader.NextAsync<byte[]>() ?? throw new InvalidOperationException($"{stream} has no message #{sequence}");
        return new StoredMessage(msg.Subject, msg.Data ?? [], msg.Headers?.ToDictionary(h => h.Key, h => h.Value.ToString()));
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await Server.DisposeAsync();
    }
}

/// <summary>A message as a stream holds it.</summary>
public sealed record StoredMessage(string Subject, ReadOnlyMemory<byte> Data, IReadOnlyDictionary<string, string>? Headers);
