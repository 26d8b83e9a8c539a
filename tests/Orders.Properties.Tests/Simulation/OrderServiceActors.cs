using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orders.Messaging.Entities;
using Orders.Messaging.Pipeline;
using Orders.OrderService.OrderHandling;
using Orders.OrderService.Persistence;
using Orders.Properties.Tests.Wire;

namespace Orders.Properties.Tests.Simulation;

/// <summary>
/// The real <see cref="OrderActor"/> in a real Akka.NET actor system (registered as order-service
/// registers it), with an in-memory <see cref="IOrderStore"/> in place of PostgreSQL and the fixed
/// <see cref="SimulationClock"/>. One actor system serves every simulation of the test run: each
/// simulation gets entity ids of its own (<c>orderId#generation</c>), so no actor carries state
/// cached in another simulation, and asks go one at a time, so the store always serves the
/// simulation that asked.
/// </summary>
internal sealed class OrderServiceActors
{
    private static readonly Lazy<OrderServiceActors> Shared = new(Start);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);
    private static int _generations;

    private readonly Lock _oneAtATime = new();
    private readonly SimulatedOrderStore _store;
    private readonly IEntityRegion<OrderActor> _orders;

    private OrderServiceActors(IHost host)
    {
        _store = host.Services.GetRequiredService<SimulatedOrderStore>();
        _orders = host.Services.GetRequiredService<IEntityRegion<OrderActor>>();
    }

    public static OrderServiceActors Instance => Shared.Value;

    /// <summary>A suffix for the entity ids of a new simulation.</summary>
    public static string NewGeneration() => "#" + Interlocked.Increment(ref _generations);

    /// <summary>Asks the order's actor to handle <paramref name="message"/> against <paramref name="database"/>; returns its outcome.</summary>
    public MessageOutcome Handle(OrderDatabase database, string generation, WireMessage message)
    {
        var delivery = new DeliveryInfo("SIMULATION", (ulong)message.Sequence, 1, SimulationClock.Now);
        var incoming = Incoming(message, delivery);
        lock (_oneAtATime)
        {
            _store.Database = database;
            return _orders.AskAsync<MessageOutcome>(message.OrderId + generation, incoming, AskTimeout).AsTask().GetAwaiter().GetResult();
        }
    }

    private static object Incoming(WireMessage message, DeliveryInfo delivery) => message.Message switch
    {
        Orders.Contracts.SubmitOrder m => new Incoming<Orders.Contracts.SubmitOrder>(m, message.MessageId, message.Subject, delivery),
        Orders.Contracts.UpdateStatus m => new Incoming<Orders.Contracts.UpdateStatus>(m, message.MessageId, message.Subject, delivery),
        Orders.Contracts.PaymentCaptured m => new Incoming<Orders.Contracts.PaymentCaptured>(m, message.MessageId, message.Subject, delivery),
        Orders.Contracts.PaymentDeclined m => new Incoming<Orders.Contracts.PaymentDeclined>(m, message.MessageId, message.Subject, delivery),
        Orders.Contracts.PaymentRefunded m => new Incoming<Orders.Contracts.PaymentRefunded>(m, message.MessageId, message.Subject, delivery),
        var other => throw new InvalidOperationException($"order-service does not consume {other.GetType().Name}"),
    };

    private static OrderServiceActors Start()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<TimeProvider>(new FixedClock(SimulationClock.Now));
        builder.Services.AddSingleton<SimulatedOrderStore>();
        builder.Services.AddSingleton<IOrderStore>(sp => sp.GetRequiredService<SimulatedOrderStore>());
        builder.Services.AddEntityActors("properties", actors => actors.WithEntityRegion<OrderActor>("orders"));
        var host = builder.Build();
        host.StartAsync().GetAwaiter().GetResult();
        return new OrderServiceActors(host);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
