using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orders.Actors;
using Orders.Actors.Entities;
using Orders.Contracts;
using Orders.Contracts.Messaging;
using Orders.Messaging.Outbox;
using Orders.Messaging.Persistence;
using Orders.Messaging.Pipeline;
using Orders.OrderService.OrderHandling;
using Orders.OrderService.Persistence;

namespace Orders.OrderService.Tests.Support;

/// <summary>
/// One "instance" of order-service without NATS: an actor system with the order region over a
/// shared database. Two nodes over one database race exactly like two service instances, but the
/// test decides which node handles which message and when.
/// </summary>
internal sealed class ActorNode : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly ActorSystem _system;
    private readonly IEntityRegion<OrderActor> _orders;
    private ulong _sequence;

    public ActorNode(string name, OrderDatabase database)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddPooledDbContextFactory<OrdersDbContext>(options => options.UseNpgsql(database.ConnectionString));
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<PipelineStats>();
        services.AddSingleton<MessageCommitter>();
        services.AddSingleton<OrderStore>();
        _services = services.BuildServiceProvider();
        _system = new ActorSystem(name, services: _services);
        _orders = _system.CreateEntityRegion<OrderActor>("orders");
    }

    /// <summary>This instance's figures; its committer counts the races it lost.</summary>
    public PipelineStats Stats => _services.GetRequiredService<PipelineStats>();

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
        await _system.ShutdownAsync();
        await _services.DisposeAsync();
    }

    private async Task<MessageOutcome> AskAsync<T>(string orderId, T message, string messageId, string subject, string stream)
        where T : class
    {
        var delivery = new DeliveryInfo(stream, Interlocked.Increment(ref _sequence), 1, DateTimeOffset.UtcNow);
        return await _orders.AskAsync<MessageOutcome>(orderId, new Incoming<T>(message, messageId, subject, delivery), TimeSpan.FromSeconds(30));
    }
}
