using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orders.Contracts.Messaging;
using Orders.Messaging.Hosting;
using Orders.ServiceDefaults;
using Orders.Messaging.Pipeline;
using Orders.PaymentService.Gateway;
using Orders.PaymentService.Payments;
using Orders.PaymentService.Persistence;

namespace Orders.PaymentService.Hosting;

/// <summary>payment-service's composition (Program.cs stays a few lines).</summary>
internal static class PaymentServiceExtensions
{
    public const string ServiceName = "payment-service";

    /// <summary>
    /// ORDERS through the durable pull consumer <c>payment-service</c>, which every instance pulls
    /// from, so instances share the work. It reads <c>orders.&gt;</c> (one filter subject on nats-server 2.9) and hands only
    /// created and cancelled to the actors; the other order events are acked unseen.
    /// </summary>
    public static ConsumerDefinition OrdersConsumer { get; } = ConsumerDefinition.For(Streams.Orders, ServiceName) with
    {
        HandledSubjects = new HashSet<string>(StringComparer.Ordinal) { Subjects.Orders.Created, Subjects.Orders.Cancelled },
    };

    /// <summary>Service defaults (configuration, NATS, health), payment settings, the gateway, the actors and the consumer.</summary>
    public static WebApplicationBuilder AddPaymentService(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(ServiceName);

        builder.Services.AddOptions<PaymentOptions>()
            .Bind(builder.Configuration.GetSection(PaymentOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PaymentOptions>, PaymentOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PaymentStore>();
        builder.Services.AddSingleton<IPaymentGateway, SimulatedPaymentGateway>();

        builder.AddOrdersMessaging<PaymentDbContext>(messaging => messaging
            .WithActors(actors => actors.WithEntityRegion<PaymentActor>("payments"))
            .WithConsumer<PaymentActor>(OrdersConsumer));
        return builder;
    }

    /// <summary><c>/healthz</c> and the pipeline statistics; payment-service serves nothing else over HTTP.</summary>
    public static WebApplication MapPaymentServiceEndpoints(this WebApplication app)
    {
        app.MapDefaultEndpoints();
        app.MapGet(PipelineStats.Path, (PipelineStats stats) => stats.Snapshot());
        return app;
    }
}
