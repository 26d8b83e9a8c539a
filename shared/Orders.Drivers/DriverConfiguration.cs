using System.Collections;
using Microsoft.Extensions.Configuration;
using Orders.Configuration;

namespace Orders.Drivers;

/// <summary>
/// The drivers' configuration: section <c>Nats</c> from the <c>ORDERS_</c> environment variables
/// every process reads (<c>ORDERS_Nats__Url</c>, <c>ORDERS_Nats__User</c>, <c>ORDERS_Nats__Password</c>),
/// over the variables the drivers read before those existed, kept because outside scripts set them.
/// </summary>
internal static class DriverConfiguration
{
    /// <summary>Deprecated variable -> the configuration key it stands for; the new names take precedence.</summary>
    public static IReadOnlyDictionary<string, string> DeprecatedVariables { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ORDERS_NATS_URL"] = $"{NatsOptions.SectionName}:{nameof(NatsOptions.Url)}",
        ["ORDERS_NATS_USER"] = $"{NatsOptions.SectionName}:{nameof(NatsOptions.User)}",
        ["ORDERS_NATS_PASSWORD"] = $"{NatsOptions.SectionName}:{nameof(NatsOptions.Password)}",
    };

    /// <summary>The configuration of this process's environment.</summary>
    public static IConfiguration FromEnvironment() => From(Environment.GetEnvironmentVariables());

    /// <summary>
    /// The deprecated variables of <paramref name="deprecatedSource"/> first, then the process's
    /// <c>ORDERS_</c> environment variables above them.
    /// </summary>
    public static IConfiguration From(IDictionary deprecatedSource)
    {
        ArgumentNullException.ThrowIfNull(deprecatedSource);
        var aliases = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (variable, key) in DeprecatedVariables)
        {
            if (deprecatedSource[variable] is string { Length: > 0 } value)
            {
                aliases[key] = value;
            }
        }

        return new ConfigurationBuilder()
            .AddInMemoryCollection(aliases)
            .AddOrdersEnvironmentVariables()
            .Build();
    }

    /// <summary>Section <c>Nats</c> of <paramref name="configuration"/>.</summary>
    public static NatsOptions Nats(IConfiguration configuration) =>
        configuration.GetSection(NatsOptions.SectionName).Get<NatsOptions>() ?? new NatsOptions();
}
