using System.Net;
using Orders.Testing;

namespace Orders.RunScript.Tests;

/// <summary>
/// ./run.sh up and down end to end: real nats-server, PostgreSQL (initdb on first use, as the
/// postgres user when root) and every service instance, on free ports in a throw-away ORDERS_HOME.
/// </summary>
public sealed class RunScriptTests : IAsyncLifetime
{
    private static readonly TimeSpan UpTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan DownTimeout = TimeSpan.FromSeconds(60);

    private readonly RunScriptPorts _ports = RunScriptPorts.Find();
    private readonly RunScript _script;

    public RunScriptTests()
    {
        var home = Directory.CreateTempSubdirectory("orders-run-sh-");
        // Run as root, run.sh starts PostgreSQL as the postgres user, which must enter this folder.
        home.UnixFileMode |= UnixFileMode.OtherExecute | UnixFileMode.GroupExecute;
        _script = new RunScript(home.FullName, _ports);
    }

    [Fact]
    public async Task UpThenDown_FreePortsAndFreshHome_ServesHealthyServicesAndLeavesNoProcess()
    {
        var up = await _script.RunAsync("up", UpTimeout);
        Assert.True(up.ExitCode == 0, $"./run.sh up exited with {up.ExitCode}:\n{up.Output}");
        var pids = _script.RecordedPids();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        foreach (var port in _ports.HealthPorts)
        {
            // One answer alone can name a check that merely timed out on a starved machine (the
            // Postgres check allows 2 s); a check that is really down stays down in every answer.
            var status = HttpStatusCode.InternalServerError;
            try
            {
                await Eventually.WaitUntilAsync(
                    async () => (status = (await http.GetAsync($"http://127.0.0.1:{port}/healthz")).StatusCode) == HttpStatusCode.OK,
                    TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                // The assertion names the last answer.
            }

            Assert.True(status == HttpStatusCode.OK, $"GET :{port}/healthz answered {status}");
        }

        var stats = await http.GetStringAsync($"http://127.0.0.1:{_ports.Status}/stats");

        var down = await _script.RunAsync("down", DownTimeout);
        Assert.True(down.ExitCode == 0, $"./run.sh down exited with {down.ExitCode}:\n{down.Output}");
        Assert.Equal(9, pids.Count); // nats-server, postgres, 3 x 2 service instances, monitor
        Assert.Contains("\"byStatus\":{\"Created\":0", stats);
        await Eventually.WaitUntilAsync(() => !pids.Any(RunScript.IsAlive), TimeSpan.FromSeconds(30),
            "every process ./run.sh up started has exited after ./run.sh down");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // After a failed assertion: stop whatever is still running (down touches only recorded pids).
        if (Directory.Exists(_script.RunDirectory) && _script.RecordedPids().Any(RunScript.IsAlive))
        {
            await _script.RunAsync("down", DownTimeout);
        }

        Directory.Delete(_script.Home, recursive: true);
    }
}
