using Microsoft.AspNetCore.Builder;

namespace Orders.BadInput.Tests.Support;

/// <summary>One service running in the test process, composed exactly as its Program.cs composes it.</summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServiceHost(string name, WebApplication app)
    {
        Name = name;
        _app = app;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First(url => url.StartsWith("http://", StringComparison.Ordinal))), Timeout = TimeSpan.FromSeconds(10) };
    }

    public string Name { get; }

    /// <summary>A client for the service's HTTP endpoints (<c>/healthz</c>, status-service's queries).</summary>
    public HttpClient Http { get; }

    /// <summary>Builds the service with its <c>XxxServiceApp.Build</c>, as its Program.cs does, and starts it.</summary>
    public static async Task<ServiceHost> StartAsync(string name, Func<string[], WebApplication> build, IEnumerable<string> args)
    {
        var app = build([.. args]);
        try
        {
            await app.StartAsync();
            return new ServiceHost(name, app);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>True when <c>GET /healthz</c> answers 200.</summary>
    public async Task<bool> IsHealthyAsync()
    {
        try
        {
            using var response = await Http.GetAsync("/healthz");
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
