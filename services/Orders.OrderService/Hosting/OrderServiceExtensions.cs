using Orders.Messaging.Hosting;
using Orders.Messaging.Pipeline;
using Orders.ServiceDefaults;
using Orders.OrderService.Messaging;
using Orders.OrderService.OrderHandling;
using Orders.OrderService.Persistence;

namespace Orders.OrderService.Hosting;

/// <summary>How order-service is composed on the generic host; Program.cs calls these and nothing else.</summary>
internal static class OrderServiceExtensions
{
    /// <summary>The entity region holding one <see cref="OrderActor"/> per order id.</summary>
    public const string OrdersRegion = "orders";

    /// <summary>
    /// Service defaults (configuration with <c>ORDERS_</c> environment overrides, NATS, health), the
    /// orders database (migrated at start), the order actors, the COMMANDS and PAYMENTS consumers and
    /// the outbox relay that publishes <c>orders.*</c>.
    /// </summary>
    public static WebApplicationBuilder AddOrderService(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(OrderServiceConsumers.ServiceName);
        builder.Services.AddSingleton<OrderStore>();
        builder.Services.AddSingleton<IOrderStore>(sp => sp.GetRequiredService<OrderStore>());
        builder.AddOrdersMessaging<OrdersDbContext>(messaging => messaging
            .WithActors(actors => actors.WithEntityRegion<OrderActor>(OrdersRegion))
            .WithConsumer<OrderActor>(OrderServiceConsumers.Commands)
            .WithConsumer<OrderActor>(OrderServiceConsumers.Payments));
        return builder;
    }

    /// <summary><c>GET /healthz</c> and <c>GET /stats/pipeline</c>; order-service serves no API of its own.</summary>
    public static WebApplication MapOrderServiceEndpoints(this WebApplication app)
    {
        app.MapDefaultEndpoints();
        app.MapGet(PipelineStats.Path, (PipelineStats stats) => stats.Snapshot());
        return app;
    }
}
