namespace Orders.Monitor.Hosting;

/// <summary>
/// Builds the whole monitor from its command line (<c>--replay</c>, <c>--no-console</c>, and what
/// the host understands: <c>--urls</c>, <c>--Nats:Url=...</c>), so Program.cs and tests that run it
/// in-process share one composition; the same shape as every service's <c>XxxServiceApp.Build</c>.
/// </summary>
internal static class MonitorApp
{
    /// <param name="args">The command line.</param>
    /// <param name="configure">Runs after the monitor's composition and before the build: tests add a sink or quiet the logs.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Switches are taken out first: the host's command-line parser would read
        // "--replay --no-console" as the key "replay" with the value "--no-console".
        var commandLine = MonitorCommandLine.Parse(args);

        // Content root = the app's folder, so appsettings.json is found whatever the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = commandLine.HostArguments,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.AddMonitor(commandLine);
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapMonitorDashboard();
        return app;
    }
}
