using Orders.Testing;

namespace Orders.StatusService.Tests;

/// <summary>
/// One nats-server and one PostgreSQL cluster for every service test. The tests of the collection
/// run one after another: each resets the streams the service provisions and uses a fresh database.
/// </summary>
[CollectionDefinition(Name)]
public sealed class StatusServiceCollection : ICollectionFixture<NatsServerFixture>, ICollectionFixture<PostgresFixture>
{
    public const string Name = "status-service";
}
