using Microsoft.AspNetCore.Builder;

namespace Orders.PaymentService.Hosting;

/// <summary>
/// Builds the whole service from command-line style arguments (<c>--Nats:Url=...</c>,
/// <c>--Postgres:ConnectionString=...</c>, <c>--urls=http://127.0.0.1:0</c>), so Program.cs and
/// tests that run instances in-process share one composition.
/// </summary>
internal static class PaymentServiceApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddPaymentService();
        var app = builder.Build();
        app.MapPaymentServiceEndpoints();
        return app;
    }
}
