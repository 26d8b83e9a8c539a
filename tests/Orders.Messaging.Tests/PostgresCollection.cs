using Orders.Testing;

namespace Orders.Messaging.Tests;

/// <summary>One PostgreSQL cluster for every test class of this assembly; each test makes its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
