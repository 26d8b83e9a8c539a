using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Orders.Contracts.Messaging;
using Orders.Testing;

namespace Orders.UpdateStatus.Tests.Support;

/// <summary>A connection to the collection's server with the contract's streams in place.</summary>
public abstract class DeskTestBase(NatsServerFixture server) : IAsyncLifetime
{
    protected NatsServerFixture Server { get; } = server;

    internal NatsConnection Connection { get; } = new(new NatsOpts { Url = server.Url, Name = "update-status-tests" });

    /// <summary>A unique order-id prefix so tests sharing the server never see each other's orders.</summary>
    protected static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync()
    {
        var js = new NatsJSContext(Connection);
        foreach (var spec in Streams.All)
        {
            await js.CreateOrUpdateStreamAsync(new StreamConfig(spec.Name, [spec.Subject]) { MaxAge = Streams.MaxAge, DuplicateWindow = Streams.DuplicateWindow });
        }
    }

    public async Task DisposeAsync() => await Connection.DisposeAsync();
}
