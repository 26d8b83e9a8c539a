using Orders.Monitor.Hosting;

// Switches (--replay, --no-console) are taken out first: the host's command-line parser would
// read "--replay --no-console" as the key "replay" with the value "--no-console".
var commandLine = MonitorCommandLine.Parse(args);

var builder = WebApplication.CreateBuilder(commandLine.HostArguments);
builder.AddMonitor(commandLine);

var app = builder.Build();
app.MapMonitorDashboard();
app.Run();
