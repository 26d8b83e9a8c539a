namespace Orders.Monitor.Tests.Support;

/// <summary>One restricted nats-server shared by the watcher tests (each test starts its own monitor and uses its own order ids).</summary>
[CollectionDefinition(Name)]
public sealed class MonitorCollection : ICollectionFixture<RestrictedNatsFixture>
{
    public const string Name = "monitor";
}

/// <summary>xunit's handle on a <see cref="RestrictedNats"/>.</summary>
public sealed class RestrictedNatsFixture : IAsyncLifetime
{
    private RestrictedNats? _nats;

    internal RestrictedNats Nats => _nats ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _nats = await RestrictedNats.StartAsync();

    public async Task DisposeAsync()
    {
        if (_nats is not null)
        {
            await _nats.DisposeAsync();
        }
    }
}
