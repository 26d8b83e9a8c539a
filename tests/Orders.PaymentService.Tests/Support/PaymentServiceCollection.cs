using Orders.Testing;

namespace Orders.PaymentService.Tests.Support;

/// <summary>
/// One nats-server and one PostgreSQL cluster for every wire test. The tests of the collection run
/// one after another: they share the service's durable consumer, and each test stops its instances
/// before the next starts. Each test has its own database and its own order ids.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PaymentServiceCollection : ICollectionFixture<NatsServerFixture>, ICollectionFixture<PostgresFixture>
{
    public const string Name = "payment-service";
}
