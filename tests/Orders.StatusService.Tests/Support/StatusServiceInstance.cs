using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Orders.StatusService.Hosting;

namespace Orders.StatusService.Tests.Support;

/// <summary>
/// One instance of status-service running in the test process, composed exactly like Program.cs,
/// listening on a free loopback port, with configuration given as command-line arguments.
/// </summary>
internal sealed class StatusServiceInstance : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StatusServiceInstance(WebApplication app, Uri baseAddress)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>A client for the instance's HTTP API.</summary>
    public HttpClient Http { get; }

    public static async Task<StatusServiceInstance> StartAsync(IEnumerable<string> settings)
    {
        // Same composition as Program.cs; "--Key=value" arguments override appsettings.json.
        string[] args =
        [
            .. settings,
            "--urls=http://127.0.0.1:0",
            "--environment=Testing",
            "--Logging:LogLevel:Default=Warning",
        ];
        var app = StatusServiceApp.Build(args);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Urls.Single(url => url.StartsWith("http://", StringComparison.Ordinal));
        return new StatusServiceInstance(app, new Uri(address));
    }

    /// <summary>The instance's pipeline figures summed over its consumers (<c>GET /stats/pipeline</c>, <c>total</c>).</summary>
    public async Task<PipelineTotals> PipelineTotalsAsync()
    {
        var body = JsonDocument.Parse(await Http.GetStringAsync("/stats/pipeline")).RootElement.GetProperty("total");
        return new PipelineTotals(
            body.GetProperty("received").GetInt64(),
            body.GetProperty("gapsNaked").GetInt64(),
            body.GetProperty("duplicatesAbsorbed").GetInt64());
    }

    /// <summary>Stops gracefully (consumers stop pulling and settle what arrived, then actors, then the acks are flushed), as on SIGTERM.</summary>
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>What the tests read from <c>/stats/pipeline</c>.</summary>
internal sealed record PipelineTotals(long Received, long GapsNaked, long DuplicatesAbsorbed);
