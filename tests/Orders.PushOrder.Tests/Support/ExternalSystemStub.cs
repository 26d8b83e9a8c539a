using Orders.Contracts;
using Orders.Contracts.Json;
using Orders.Contracts.Messaging;
using Orders.Nats;
using Orders.Nats.JetStream;

namespace Orders.PushOrder.Tests.Support;

/// <summary>
/// Plays order-service and payment-service for --wait: for every new submit-order whose order id
/// starts with the given prefix it publishes <c>orders.created</c> and then <c>orders.paid</c>
/// (or <c>orders.payment-failed</c> above the decline limit) to ORDERS, as the contract says the
/// real services would. It stands in for the outside system, not for any code under test.
/// </summary>
internal sealed class ExternalSystemStub : IAsyncDisposable
{
    private readonly NatsJSContext _js;
    private readonly string _durable = "stub-" + Guid.NewGuid().ToString("N")[..8];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly HashSet<string> _seen = [];

    private ExternalSystemStub(NatsConnection connection, string orderPrefix)
    {
        _js = new NatsJSContext(connection);
        var config = new ConsumerConfig(_durable)
        {
            DeliverSubject = connection.NewInbox(),
            DeliverPolicy = ConsumerDeliverPolicy.New,
            FilterSubject = Subjects.Commands.SubmitOrder,
            AckPolicy = ConsumerAckPolicy.Explicit,
        };
        _loop = RunAsync(config, orderPrefix, _stop.Token);
    }

    public int Answered { get; private set; }

    public static async Task<ExternalSystemStub> StartAsync(NatsConnection connection, string orderPrefix)
    {
        var stub = new ExternalSystemStub(connection, orderPrefix);
        await Orders.Testing.Eventually.WaitUntilAsync(async () =>
        {
            if (stub._loop.IsFaulted)
            {
                await stub._loop; // surfaces why the stub could not start
            }

            try
            {
                return (await stub._js.GetConsumerAsync(Streams.Names.Commands, stub._durable)).PushBound;
            }
            catch (NatsJSConsumerNotFoundException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "the stub's consumer is bound");
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            await _js.DeleteConsumerAsync(Streams.Names.Commands, _durable);
        }
        catch (NatsException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync(ConsumerConfig config, string orderPrefix, CancellationToken ct)
    {
        await foreach (var msg in _js.ConsumePushAsync(Streams.Names.Commands, config, ct))
        {
            await msg.AckAsync(ct);
            if (!OrdersJson.TryDeserialize<SubmitOrder>(msg.Data.Span, out var order, out _)
                || !order.OrderId.StartsWith(orderPrefix, StringComparison.Ordinal)
                || !_seen.Add(order.OrderId))
            {
                continue;
            }

            var total = Money.Total(order.Items);
            var now = DateTimeOffset.UtcNow;
            await PublishAsync(new OrderCreated(EventIds.ForOrderEvent(Subjects.Orders.Created, order.OrderId, 1), order.OrderId, 1, now, order.CustomerId, order.Items, total, order.Currency), ct);
            if (total > 1000m)
            {
                await PublishAsync(new OrderPaymentFailed(EventIds.ForOrderEvent(Subjects.Orders.PaymentFailed, order.OrderId, 2), order.OrderId, 2, now, PaymentIds.For(order.OrderId), DeclineReasons.LimitExceeded), ct);
            }
            else
            {
                await PublishAsync(new OrderPaid(EventIds.ForOrderEvent(Subjects.Orders.Paid, order.OrderId, 2), order.OrderId, 2, now, PaymentIds.For(order.OrderId), total, order.Currency), ct);
            }

            Answered++;
        }
    }

    private async Task PublishAsync<T>(T evt, CancellationToken ct)
        where T : IOrderEvent =>
        await _js.PublishAsync(Subjects.ForEvent(evt), OrdersJson.Serialize(evt), new NatsJSPubOpts { MsgId = evt.EventId }, ct: ct);
}
