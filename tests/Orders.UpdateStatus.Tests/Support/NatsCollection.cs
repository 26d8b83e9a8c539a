using Orders.Testing;

namespace Orders.UpdateStatus.Tests.Support;

/// <summary>One nats-server (with JetStream) shared by the test classes that talk to it.</summary>
[CollectionDefinition(Name)]
public sealed class NatsCollection : ICollectionFixture<NatsServerFixture>
{
    public const string Name = "nats";
}
