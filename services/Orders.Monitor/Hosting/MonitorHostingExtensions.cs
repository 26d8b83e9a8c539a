using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Extensions.Microsoft.DependencyInjection;
using NATS.Net;
using Orders.Monitor.Console;
using Orders.Monitor.Dashboard;
using Orders.Monitor.Tracing;
using Orders.Monitor.Watching;

namespace Orders.Monitor.Hosting;

/// <summary>How the monitor is composed (Program.cs calls these two and nothing else).</summary>
internal static class MonitorHostingExtensions
{
    /// <summary>
    /// Configuration (appsettings.json, then <c>ORDERS_</c> environment variables, then the command
    /// line, then the switches), logs on standard error, the NATS connection as the read-only
    /// <c>monitor</c> user, the watchers and the two sinks (console lines, dashboard state).
    /// </summary>
    public static WebApplicationBuilder AddMonitor(this WebApplicationBuilder builder, MonitorCommandLine commandLine)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(commandLine);
        var configuration = builder.Configuration;
        configuration.AddEnvironmentVariables("ORDERS_");
        configuration.AddCommandLine(commandLine.HostArguments); // again, so it wins over ORDERS_ variables
        configuration.AddInMemoryCollection(Switches(commandLine));

        var monitor = configuration.GetSection(MonitorOptions.SectionName).Get<MonitorOptions>() ?? new MonitorOptions();
        if (string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(monitor.Urls);
        }

        var services = builder.Services;
        services.AddOptions<MonitorOptions>().Bind(configuration.GetSection(MonitorOptions.SectionName));
        services.AddOptions<NatsOptions>().Bind(configuration.GetSection(NatsOptions.SectionName));

        // Standard output carries the event lines only; everything the host says goes to standard error.
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });
        services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);

        services.TryAddSingleton(TimeProvider.System);
        // One connection (a pool of one), opened by the first JetStream request of a watcher.
        services.AddNatsClient(nats => nats.ConfigureOptions(opts => opts.Configure<IOptions<NatsOptions>>(
            (builder, settings) => builder.Opts = ConnectionOptions(builder.Opts, settings.Value))));
        services.AddSingleton<INatsJSContext>(sp => sp.GetRequiredService<INatsConnection>().CreateJetStreamContext());

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

    /// <summary>
    /// The monitor may only read: users.conf lets the <c>monitor</c> user subscribe to its own inbox
    /// prefix only, and the consumers' deliver subjects are inboxes too. <paramref name="defaults"/>
    /// carries what AddNatsClient filled in (the host's logger factory, the serializer registry).
    /// </summary>
    internal static NatsOpts ConnectionOptions(NatsOpts defaults, NatsOptions nats) => defaults with
    {
        Url = nats.Url,
        AuthOpts = defaults.AuthOpts with { Username = nats.User, Password = nats.Password },
        Name = $"monitor-{Environment.MachineName}-{Environment.ProcessId}",
        InboxPrefix = InboxPrefix,
    };

    /// <summary>The one subject prefix the <c>monitor</c> user may subscribe to (infra/nats/users.conf).</summary>
    internal const string InboxPrefix = "_INBOX.monitor";

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
