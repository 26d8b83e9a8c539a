using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orders.Contracts;
using Orders.Contracts.Messaging;
using Orders.Messaging.Entities;
using Orders.Messaging.Outbox;
using Orders.Messaging.Persistence;
using Orders.Messaging.Pipeline;
using Orders.OrderService.OrderHandling;
using Orders.OrderService.Persistence;

namespace Orders.OrderService.Tests.Support;

/// <summary>
/// One "instance" of order-service without NATS: a host with an Akka.NET actor system and the
/// order region, registered as the service registers them, over a shared database. Two nodes over one database race exactly like two service instances, but the
/// test decides which node handles which message and when.
/// </summary>
internal sealed class ActorNode : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly IEntityRegion<OrderActor> _orders;
    private ulong _sequence;

    private ActorNode(IHost host)
    {
        _host = host;
        _orders = host.Services.GetRequiredService<IEntityRegion<OrderActor>>();
    }

    public static async Task<ActorNode> StartAsync(string name, OrderDatabase database)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var services = builder.Services;
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddPooledDbContextFactory<OrdersDbContext>(options => options.UseNpgsql(database.ConnectionString));
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<PipelineStats>();
        services.AddSingleton<MessageCommitter>();
        services.AddSingleton<OrderStore>();
        services.AddSingleton<IOrderStore>(sp => sp.GetRequiredService<OrderStore>());
        services.AddEntityActors(name, actors => actors.WithEntityRegion<OrderActor>("orders"));
        var host = builder.Build();
        await host.StartAsync();
        return new ActorNode(host);
    }

    /// <summary>This instance's figures; its committer counts the races it lost.</summary>
    public PipelineStats Stats => _host.Services.GetRequiredService<PipelineStats>();

    public Task<MessageOutcome> SubmitAsync(SubmitOrder command) =>
        AskAsync(command.OrderId, command, EventIds.ForSubmitOrder(command.OrderId), Subjects.Commands.SubmitOrder, Streams.Names.Commands);

    public Task<MessageOutcome> UpdateAsync(UpdateStatus command) =>
        AskAsync(command.OrderId, command, EventIds.ForUpdateStatus(command.RequestId), Subjects.Commands.UpdateStatus, Streams.Names.Commands);

    public Task<MessageOutcome> CaptureAsync(string orderId, decimal amount, string currency = "USD") =>
        AskAsync(
            orderId,
            new PaymentCaptured(EventIds.ForPaymentEvent(Subjects.Payments.Captured, orderId), PaymentIds.For(orderId), orderId, amount, currency, DateTimeOffset.UtcNow),
            EventIds.ForPaymentEvent(Subjects.Payments.Captured, orderId),
            Subjects.Payments.Captured,
            Streams.Names.Payments);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private async Task<MessageOutcome> AskAsync<T>(string orderId, T message, string messageId, string subject, string stream)
        where T : class
    {
        var delivery = new DeliveryInfo(stream, Interlocked.Increment(ref _sequence), 1, DateTimeOffset.UtcNow);
        return await _orders.AskAsync<MessageOutcome>(orderId, new Incoming<T>(message, messageId, subject, delivery), TimeSpan.FromSeconds(30));
    }
}
