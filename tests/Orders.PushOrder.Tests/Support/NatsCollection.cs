using Orders.Testing;

namespace Orders.PushOrder.Tests.Support;

/// <summary>One nats-server (with JetStream) shared by the test classes that publish.</summary>
[CollectionDefinition(Name)]
public sealed class NatsCollection : ICollectionFixture<NatsServerFixture>
{
    public const string Name = "nats";
}
