namespace Orders.Testing;

/// <summary>Where a <see cref="PostgresFixture"/> gets its PostgreSQL server from.</summary>
public enum PostgresBackend
{
    /// <summary>A <c>postgres:16</c> container started through Testcontainers.PostgreSql (needs a Docker engine).</summary>
    Container,

    /// <summary>A cluster of the host's PostgreSQL 15 binaries (<c>initdb</c> + <c>pg_ctl</c>), run as the <c>postgres</c> user when root.</summary>
    Process,

    /// <summary>An existing server named by a connection string in <c>ORDERS_TEST_PG</c>; never stopped or restarted.</summary>
    External,
}
