namespace Orders.OrderService.Hosting;

/// <summary>
/// Builds the whole service from command-line style arguments (<c>--Nats:Url=...</c>,
/// <c>--Postgres:ConnectionString=...</c>, <c>--urls=http://127.0.0.1:0</c>), so Program.cs and
/// tests that run instances in-process share one composition.
/// </summary>
internal static class OrderServiceApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddOrderService();
        var app = builder.Build();
        app.MapOrderServiceEndpoints();
        return app;
    }
}
