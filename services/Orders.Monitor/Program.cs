using Orders.Monitor.Hosting;

// Switches (--replay, --no-console) are taken out first: the host's command-line parser would
// read "--replay --no-console" as the key "replay" with the value "--no-console".
var commandLine = MonitorCommandLine.Parse(args);

// Content root = the app's folder, so appsettings.json is found whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = commandLine.HostArguments,
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddMonitor(commandLine);

var app = builder.Build();
app.MapMonitorDashboard();
app.Run();
