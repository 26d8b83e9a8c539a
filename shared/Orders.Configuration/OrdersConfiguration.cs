using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Orders.Configuration;

/// <summary>The one configuration layering of every Orders process.</summary>
public static class OrdersConfiguration
{
    /// <summary>Prefix of the environment variables that configure Orders (<c>ORDERS_Nats__Url</c> is <c>Nats:Url</c>).</summary>
    public const string EnvironmentPrefix = "ORDERS_";

    /// <summary>
    /// Adds the <c>ORDERS_</c> environment variables above every source added so far
    /// (appsettings.json, the plain environment) but below the command line, which keeps the last
    /// word as it does for every other source: the new source goes in just before the last
    /// command-line source, or last when there is none.
    /// </summary>
    public static IConfigurationBuilder AddOrdersEnvironmentVariables(this IConfigurationBuilder configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var source = new EnvironmentVariablesConfigurationSource { Prefix = EnvironmentPrefix };
        var commandLine = configuration.Sources.ToList().FindLastIndex(s => s is CommandLineConfigurationSource);
        if (commandLine < 0)
        {
            configuration.Add(source);
        }
        else
        {
            configuration.Sources.Insert(commandLine, source);
        }

        return configuration;
    }
}
