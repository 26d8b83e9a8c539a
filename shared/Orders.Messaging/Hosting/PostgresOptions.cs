namespace Orders.Messaging.Hosting;

/// <summary>The service's database; bound from configuration section <c>Postgres</c> (e.g. <c>ORDERS_Postgres__ConnectionString</c>).</summary>
public sealed record PostgresOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Postgres";

    /// <summary>Npgsql connection string of the service's own database and role.</summary>
    public string ConnectionString { get; init; } = "";
}
