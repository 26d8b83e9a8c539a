using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Orders.Contracts;
using Orders.Contracts.Json;
using Orders.Contracts.Messaging;

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
    private readonly string _durable;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly HashSet<string> _seen = [];

    private ExternalSystemStub(NatsJSContext js, INatsJSConsumer consumer, string orderPrefix)
    {
        _js = js;
        _durable = consumer.Info.Name;
        _loop = RunAsync(consumer, orderPrefix, _stop.Token);
    }

    public int Answered { get; private set; }

    /// <summary>
    /// Creates the stub's durable pull consumer on COMMANDS (deliver new) and starts answering.
    /// Once the consumer exists every command stored after it reaches the stub, whenever its pulls start.
    /// </summary>
    public static async Task<ExternalSystemStub> StartAsync(NatsConnection connection, string orderPrefix)
    {
        var js = new NatsJSContext(connection);
        var consumer = await js.CreateOrUpdateConsumerAsync(Streams.Names.Commands, new ConsumerConfig("stub-" + Guid.NewGuid().ToString("N")[..8])
        {
            DeliverPolicy = ConsumerConfigDeliverPolicy.New,
            FilterSubject = Subjects.Commands.SubmitOrder,
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
        });
        return new ExternalSystemStub(js, consumer, orderPrefix);
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

    private async Task RunAsync(INatsJSConsumer consumer, string orderPrefix, CancellationToken ct)
    {
        await foreach (var msg in consumer.ConsumeAsync(NatsRawSerializer<byte[]>.Default, cancellationToken: ct))
        {
            await msg.AckAsync(cancellationToken: ct);
            if (!OrdersJson.TryDeserialize<SubmitOrder>(msg.Data, out var order, out _)
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

    /// <summary>Generic so the contract's JSON metadata for the concrete event type is used.</summary>
    private async Task PublishAsync<T>(T evt, CancellationToken ct)
        where T : IOrderEvent =>
        (await _js.PublishAsync(Subjects.ForEvent(evt), OrdersJson.Serialize(evt), NatsRawSerializer<byte[]>.Default, new NatsJSPubOpts { MsgId = evt.EventId }, cancellationToken: ct))
            .EnsureSuccess();
}
