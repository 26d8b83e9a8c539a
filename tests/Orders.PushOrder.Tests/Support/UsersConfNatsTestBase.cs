using Orders.Testing;

namespace Orders.PushOrder.Tests.Support;

/// <summary>Tests that run push-order against a fresh nats-server with infra/nats/users.conf (<see cref="UsersConfNats"/>).</summary>
public abstract class UsersConfNatsTestBase : IAsyncLifetime
{
    private NatsServerFixture? _server;

    protected NatsServerFixture Server => _server!;

    public async Task InitializeAsync() => _server = await UsersConfNats.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
