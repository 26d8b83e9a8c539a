namespace Orders.StatusService.Hosting;

/// <summary>
/// Builds the whole service from command-line style arguments (<c>--Nats:Url=...</c>,
/// <c>--Postgres:ConnectionString=...</c>, <c>--urls=http://127.0.0.1:0</c>), so Program.cs and
/// tests that run instances in-process share one composition.
/// </summary>
internal static class StatusServiceApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddStatusService();
        var app = builder.Build();
        app.MapStatusServiceEndpoints();
        return app;
    }
}
