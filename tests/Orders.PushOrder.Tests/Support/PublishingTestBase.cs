using NATS.Client.Core;
using Orders.Testing;

namespace Orders.PushOrder.Tests.Support;

/// <summary>A connection to the collection's server with the contract's streams in place.</summary>
public abstract class PublishingTestBase(NatsServerFixture server) : IAsyncLifetime
{
    protected NatsServerFixture Server { get; } = server;

    internal NatsConnection Connection { get; } = new(new NatsOpts { Url = server.Url, Name = "push-order-tests" });

    /// <summary>A unique order-id prefix so tests sharing the server never see each other's orders.</summary>
    protected static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync() => await ContractStreams.EnsureAsync(Connection);

    public async Task DisposeAsync() => await Connection.DisposeAsync();
}
