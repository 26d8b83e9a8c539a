using System.Data.Common;
using Npgsql;

namespace Orders.Messaging.Persistence;

/// <summary>
/// Npgsql settings every service connection gets unless its connection string chooses otherwise
/// (docs/benchmarks.md "End to end" has the counts before and after).
/// </summary>
public static class ConnectionStringDefaults
{
    /// <summary>Statements each physical connection keeps prepared (Npgsql prepares one after 5 uses).</summary>
    public const int MaxAutoPrepare = 32;

    /// <summary>
    /// Applies the defaults to <paramref name="builder"/>, parsed from <paramref name="configured"/>;
    /// a setting that <paramref name="configured"/> names is left as it is.
    /// <list type="bullet">
    /// <item><c>No Reset On Close</c>: Npgsql resets a pooled connection with <c>DISCARD ALL</c> at its
    /// next use, which PostgreSQL runs (and counts) as a transaction of its own: about one per
    /// database access, half of all transactions per order. Nothing here leaves session state behind
    /// (no SET, LISTEN, temporary tables or advisory locks; an open transaction is still rolled back
    /// on close), so there is nothing to reset. It also keeps the prepared statements below.</item>
    /// <item><c>Max Auto Prepare</c>: the handful of statements a service runs per message are parsed and
    /// planned once per connection instead of once per execution.</item>
    /// <item><c>GSS Encryption Mode=Disable</c>: Npgsql 10 tries GSS session encryption first ("prefer"),
    /// which needs libgssapi; where that library is missing (the service images) every new physical
    /// connection first throws and catches an exception. Nothing here uses Kerberos.</item>
    /// </list>
    /// </summary>
    public static void Apply(NpgsqlConnectionStringBuilder builder, string configured)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var named = new DbConnectionStringBuilder { ConnectionString = configured }.Keys
            .Cast<string>()
            .Select(Normalize)
            .ToHashSet(StringComparer.Ordinal);
        if (!named.Contains("noresetonclose"))
        {
            builder.NoResetOnClose = true;
        }

        if (!named.Contains("maxautoprepare"))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }

        // Any GSS keyword (GSS Encryption Mode or a synonym) is a choice of its own.
        if (!named.Any(keyword => keyword.Contains("gss", StringComparison.Ordinal)))
        {
            builder.GssEncryptionMode = GssEncryptionMode.Disable;
        }
    }

    private static string Normalize(string keyword) => keyword.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
}
