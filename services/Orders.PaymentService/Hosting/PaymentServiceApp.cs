using Microsoft.AspNetCore.Builder;

namespace Orders.PaymentService.Hosting;

/// <summary>
/// The one place that makes a payment-service host, used by Program.cs and by tests (which start
/// it in-process with arguments such as <c>--Nats:Url=...</c> on a free port).
/// </summary>
internal static class PaymentServiceApp
{
    /// <summary><c>WebApplication.CreateBuilder(args)</c> with every payment-service registration.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddPaymentService();
        return builder;
    }
}
