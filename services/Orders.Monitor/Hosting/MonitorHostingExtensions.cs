using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Orders.Configuration;
using Orders.Monitor.Console;
using Orders.Monitor.Dashboard;
using Orders.Monitor.Tracing;
using Orders.Monitor.Watching;
using Orders.ServiceDefaults.Nats;

namespace Orders.Monitor.Hosting;

/// <summary>How the monitor is composed (<see cref="MonitorApp"/> calls these two and nothing else).</summary>
internal static class MonitorHostingExtensions
{
    /// <summary>The monitor's name: NATS user by default, connection name and inbox prefix <c>_INBOX.monitor</c>.</summary>
    public const string ServiceName = "monitor";

    /// <summary>
    /// Configuration (the monitor's defaults, appsettings.json, <c>ORDERS_</c> environment variables,
    /// the command line, then the switches), logs on standard error, the NATS connection of the
    /// service defaults as the read-only <c>monitor</c> user, the watchers and the two sinks
    /// (console lines, dashboard state).
    /// </summary>
    public static WebApplicationBuilder AddMonitor(this WebApplicationBuilder builder, MonitorCommandLine commandLine)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(commandLine);
        var configuration = builder.Configuration;

        // Below every other source: the monitor connects as its read-only user unless told otherwise.
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = [new($"{NatsOptions.SectionName}:{nameof(NatsOptions.User)}", ServiceName)],
        });
        configuration.AddOrdersEnvironmentVariables();
        configuration.AddInMemoryCollection(Switches(commandLine));

        var monitor = configuration.GetSection(MonitorOptions.SectionName).Get<MonitorOptions>() ?? new MonitorOptions();
        if (string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(monitor.Urls);
        }

        var services = builder.Services;
        services.AddOptions<MonitorOptions>().Bind(configuration.GetSection(MonitorOptions.SectionName));

        // Standard output carries the event lines only; everything the host says goes to standard error.
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });
        services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);

        services.TryAddSingleton(TimeProvider.System);

        // users.conf lets the monitor user subscribe under _INBOX.monitor only, the prefix the
        // connection takes from the service name; the consumers' deliver subjects are inboxes too.
        builder.AddOrdersNatsConnection(ServiceIdentity.From(ServiceName, configuration[ServiceIdentity.InstanceIdKey]));

        services.AddSingleton<DashboardState>();
        services.AddSingleton<IMonitorEventSink>(sp => sp.GetRequiredService<DashboardState>());
        if (!monitor.NoConsole)
        {
            services.AddSingleton<IMonitorEventSink>(new ConsoleEventSink(System.Console.Out, ConsoleColourPolicy.ForStandardOutput()));
        }

        services.AddSingleton(sp => new TraceStore(sp.GetRequiredService<IOptions<MonitorOptions>>().Value.TraceSpans));
        services.AddSingleton<WatchingService>();
        services.AddHostedService(sp => sp.GetRequiredService<WatchingService>());
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, DashboardJsonContext.Default));
        return builder;
    }

    /// <summary>The page, <c>/events</c>, <c>/api/summary</c>, <c>/api/orders/{id}</c>, <c>/healthz</c>, and the traces (<c>/api/v2/spans</c>, <c>/api/orders/{id}/trace</c>).</summary>
    public static WebApplication MapMonitorDashboard(this WebApplication app) => app.MapDashboard().MapTraces();

    private static Dictionary<string, string?> Switches(MonitorCommandLine commandLine)
    {
        var switches = new Dictionary<string, string?>();
        if (commandLine.Replay)
        {
            switches[$"{MonitorOptions.SectionName}:{nameof(MonitorOptions.Replay)}"] = "true";
        }

        if (commandLine.NoConsole)
        {
            switches[$"{MonitorOptions.SectionName}:{nameof(MonitorOptions.NoConsole)}"] = "true";
        }

        return switches;
    }
}
