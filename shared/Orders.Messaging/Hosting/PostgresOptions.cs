using Npgsql;

namespace Orders.Messaging.Hosting;

/// <summary>The service's database; bound from configuration section <c>Postgres</c> (e.g. <c>ORDERS_Postgres__ConnectionString</c>).</summary>
public sealed record PostgresOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Postgres";

    /// <summary>Npgsql connection string of the service's own database and role.</summary>
    public string ConnectionString { get; init; } = "";

    /// <summary>
    /// How long <c>/healthz</c> waits for <c>SELECT 1</c> (opening a connection included). Generous
    /// by default: on a starved machine a first connection can take seconds, and a flapping health
    /// check makes orchestrators act on a database that is merely slow.
    /// </summary>
    public TimeSpan HealthCheckTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <see cref="ConnectionString"/> as the service opens it: with
    /// <see cref="Persistence.ConnectionStringDefaults"/> applied where it names no choice of its own.
    /// </summary>
    public string EffectiveConnectionString
    {
        get
        {
            if (string.IsNullOrWhiteSpace(ConnectionString))
            {
                return ConnectionString;
            }

            var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
            Persistence.ConnectionStringDefaults.Apply(builder, ConnectionString);

            return builder.ConnectionString;
        }
    }
}
