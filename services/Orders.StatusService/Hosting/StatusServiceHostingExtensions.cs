using Orders.Contracts.Messaging;
using Orders.Messaging.Hosting;
using Orders.ServiceDefaults;
using Orders.Messaging.Pipeline;
using Orders.StatusService.Persistence;
using Orders.StatusService.Projection;
using Orders.StatusService.Queries;

namespace Orders.StatusService.Hosting;

/// <summary>How status-service is composed (<see cref="StatusServiceApp"/> calls these two and nothing else).</summary>
internal static class StatusServiceHostingExtensions
{
    public const string ServiceName = "status-service";

    /// <summary>
    /// Service defaults (configuration, NATS, health), the database, one <see cref="OrderViewActor"/>
    /// per order, and the durable ORDERS consumer <c>status-service</c> shared by every instance.
    /// </summary>
    public static WebApplicationBuilder AddStatusService(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(ServiceName);

        var options = builder.Configuration.GetSection(StatusServiceOptions.SectionName).Get<StatusServiceOptions>() ?? new StatusServiceOptions();
        var orders = ConsumerDefinition.For(Streams.Orders, ServiceName) with
        {
            GapDelay = options.GapDelay,
            MaxDeliver = options.MaxDeliver,
        };

        builder.Services.AddSingleton<OrderViewQueries>();
        builder.Services.AddSingleton<OrderViewStore>();
        builder.AddOrdersMessaging<StatusDbContext>(messaging => messaging
            .WithActors(actors => actors.WithEntityRegion<OrderViewActor>("order-views"))
            .WithConsumer<OrderViewActor>(orders));

        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, StatusApiJsonContext.Default));
        return builder;
    }

    /// <summary><c>/healthz</c> and the pipeline stats from the defaults, plus the query API.</summary>
    public static WebApplication MapStatusServiceEndpoints(this WebApplication app)
    {
        app.MapDefaultEndpoints();
        app.MapGet(PipelineStats.Path, (PipelineStats stats) => stats.Snapshot());
        app.MapOrderQueries();
        return app;
    }
}
