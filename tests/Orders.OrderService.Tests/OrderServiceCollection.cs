using Orders.OrderService.Tests.Support;

namespace Orders.OrderService.Tests;

/// <summary>
/// Every test class of this assembly shares one <see cref="OrderServiceFixture"/>: one PostgreSQL
/// cluster, one nats-server and one pair of service instances (tests use their own order ids).
/// </summary>
[CollectionDefinition(Name)]
public sealed class OrderServiceCollection : ICollectionFixture<OrderServiceFixture>
{
    public const string Name = "order-service";
}
