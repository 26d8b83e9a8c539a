using Orders.Testing.Postgres;
using Xunit;

namespace Orders.Testing;

/// <summary>
/// A fact that stops or restarts the PostgreSQL server of the shared <see cref="PostgresFixture"/>.
/// Skipped, with the reason shown, when <c>ORDERS_TEST_PG</c> holds a connection string to an
/// external server. (Tests that own a private server through
/// <see cref="PostgresFixture.StartNewAsync(CancellationToken)"/> need not use it.)
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresLocalPostgresFactAttribute : FactAttribute
{
    public RequiresLocalPostgresFactAttribute()
    {
        if (PostgresBackendSelection.Shared() == PostgresBackend.External)
        {
            Skip = $"Needs a local PostgreSQL it can stop and restart; {PostgresFixture.BackendVariable} points at an external server.";
        }
    }
}
