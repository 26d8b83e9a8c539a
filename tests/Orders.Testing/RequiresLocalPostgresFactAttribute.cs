using Xunit;

namespace Orders.Testing;

/// <summary>
/// A fact that stops or restarts the PostgreSQL server of the shared <see cref="PostgresFixture"/>.
/// Skipped, with the reason shown, when <c>ORDERS_TEST_PG</c> points at an external server.
/// (Tests that own a private cluster through <see cref="PostgresFixture.StartNewAsync"/> need not use it.)
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresLocalPostgresFactAttribute : FactAttribute
{
    public RequiresLocalPostgresFactAttribute()
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresFixture.ExternalConnectionStringVariable)))
        {
            Skip = $"Needs a local PostgreSQL it can stop and restart; {PostgresFixture.ExternalConnectionStringVariable} points at an external server.";
        }
    }
}
