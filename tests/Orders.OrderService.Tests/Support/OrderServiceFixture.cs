using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Orders.Messaging.Pipeline;
using Orders.Contracts.Messaging;
using Orders.OrderService.Hosting;
using Orders.OrderService.Messaging;
using Orders.Testing;

namespace Orders.OrderService.Tests.Support;

/// <summary>
/// Real servers and two in-process instances of order-service over one database, started once
/// for the whole assembly; plus a client connection that talks to them as any outside client would.
/// </summary>
public sealed class OrderServiceFixture : IAsyncLifetime
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(30);
    private readonly List<WebApplication> _instances = [];

    public PostgresFixture Postgres { get; } = new();

    public NatsServerFixture Nats { get; } = new();

    internal OrderDatabase Database { get; private set; } = null!;

    internal NatsConnection Client { get; private set; } = null!;

    internal NatsJSContext JetStream { get; private set; } = null!;

    internal StreamLog Orders { get; private set; } = null!;

    internal StreamLog DeadLetters { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(((IAsyncLifetime)Postgres).InitializeAsync(), ((IAsyncLifetime)Nats).InitializeAsync());
        Database = await OrderDatabase.CreateAsync(Postgres, "order_service");

        // Two instances pulling from one shared durable consumer over one database: whichever gets a message, the
        // guarantees must hold. Started one after the other so both see the streams provisioned.
        foreach (var instance in new[] { "a", "b" })
        {
            var app = OrderServiceApp.Build(
            [
                $"--Nats:Url={Nats.Url}",
                $"--Postgres:ConnectionString={Database.ConnectionString}",
                $"--InstanceId={instance}",
                "--urls=http://127.0.0.1:0",
                "--Logging:LogLevel:Default=Warning",
            ]);
            await app.StartAsync();
            _instances.Add(app);
        }

        Client = new NatsConnection(new NatsOpts { Url = Nats.Url, Name = "order-service-tests" });
        await Client.ConnectAsync();
        JetStream = new NatsJSContext(Client);
        Orders = new StreamLog(JetStream, Streams.Names.Orders);
        DeadLetters = new StreamLog(JetStream, Streams.Names.DeadLetter);
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _instances)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        if (Client is not null)
        {
            await Client.DisposeAsync();
        }

        await Nats.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    /// <summary>The base addresses the instances listen on (for /healthz).</summary>
    internal IEnumerable<string> InstanceUrls => _instances.Select(app => app.Urls.First());

    /// <summary>How many COMMANDS messages each instance has taken so far (its pipeline stats).</summary>
    internal IReadOnlyList<long> CommandsReceivedPerInstance() =>
        _instances.Select(app =>
            app.Services.GetRequiredService<PipelineStats>().Snapshot().Consumers.TryGetValue(OrderServiceConsumers.Commands.Name, out var stats)
                ? stats.Received
                : 0).ToList();

    /// <summary>
    /// Waits until both consumers have every message delivered and settled (acked or terminated)
    /// and the outbox is drained: after that, nothing more will appear on ORDERS or DEADLETTER
    /// for what was published so far. The barrier "nothing new happened" assertions need.
    /// </summary>
    internal Task SettleAsync() => Eventually.WaitUntilAsync(
        async () =>
            await IsSettledAsync(OrderServiceConsumers.Commands.Stream)
            && await IsSettledAsync(OrderServiceConsumers.Payments.Stream)
            && await Database.UnsentOutboxRowsAsync() == 0,
        SettleTimeout,
        "order-service consumers settled and outbox drained");

    private async Task<bool> IsSettledAsync(string stream)
    {
        var info = (await JetStream.GetConsumerAsync(stream, OrderServiceConsumers.ServiceName)).Info;
        return info.NumPending == 0 && info.NumAckPending == 0;
    }
}
