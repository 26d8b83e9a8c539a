using Orders.Testing;

namespace Orders.Nats.Tests;

/// <summary>One nats-server shared by every test class in the collection (started once per run).</summary>
[CollectionDefinition(Name)]
public sealed class NatsCollection : ICollectionFixture<NatsServerFixture>
{
    public const string Name = "nats";
}
