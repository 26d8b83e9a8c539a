using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using Orders.Monitor.Hosting;
using Orders.Monitor.Watching;
using Orders.Testing;

namespace Orders.Monitor.Tests.Support;

/// <summary>
/// The monitor, composed exactly as Program.cs composes it (<see cref="MonitorApp.Build"/>, same command
/// line; only its console logging is left out), running in-process on a free port as the
/// <c>monitor</c> user, plus a sink that collects every event for assertions.
/// </summary>
internal sealed class MonitorInstance : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MonitorInstance(WebApplication app, Uri baseAddress, CollectingSink events)
    {
        _app = app;
        BaseAddress = baseAddress;
        Events = events;
    }

    public Uri BaseAddress { get; }

    public CollectingSink Events { get; }

    public WatchingService Watching => _app.Services.GetRequiredService<WatchingService>();

    /// <summary>The monitor's own NATS connection (user <c>monitor</c>).</summary>
    public INatsConnection Connection => _app.Services.GetRequiredService<INatsConnection>();

    public static async Task<MonitorInstance> StartAsync(RestrictedNats nats, params string[] switches)
    {
        // Port 0: Kestrel binds a port the OS picks, so no other process can take it between choosing and binding.
        var events = new CollectingSink();
        var app = MonitorApp.Build(
            [.. switches, "--no-console", "--urls", "http://127.0.0.1:0", $"--Nats:Url={nats.Url}"],
            builder =>
            {
                // No console logging inside the test host. Playwright's start (DashboardFixture, in a
                // parallel collection) sets Console.OutputEncoding, which on Unix holds the Console lock while
                // it flushes the writers; a console logger writing at that moment holds its writer's lock and
                // needs the Console lock to re-create Console.Out: the test host deadlocked that way under load.
                builder.Logging.ClearProviders();
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Nats:Password"] = RestrictedNats.PasswordOf(RestrictedNats.Monitor),
                });
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                builder.Services.AddSingleton<IMonitorEventSink>(events);
            });
        await app.StartAsync();
        return new MonitorInstance(app, new Uri(app.Urls.Single().TrimEnd('/') + "/"), events);
    }

    /// <summary>Waits until every stream has its consumer: from then on every publish is seen.</summary>
    public Task WaitUntilWatchingAsync() =>
        Eventually.WaitUntilAsync(
            () => Watching.Watchers.All(w => w.State == StreamWatcherState.Watching),
            TimeSpan.FromSeconds(15),
            "all four consumers created");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
