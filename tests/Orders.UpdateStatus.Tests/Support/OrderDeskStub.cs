using System.Collections.Concurrent;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Orders.Contracts;
using Orders.Contracts.Json;
using Orders.Contracts.Messaging;

namespace Orders.UpdateStatus.Tests.Support;

/// <summary>
/// Plays order-service for update commands: knows a few orders (status, version), applies an
/// update the lifecycle allows at the expected version with <c>orders.shipped|delivered|cancelled</c>,
/// and refuses the rest with <c>orders.update-rejected</c> (unknown-order, invalid-transition,
/// version-conflict). Only orders whose id starts with its prefix concern it. It stands in for the
/// outside system, not for any code under test.
/// </summary>
internal sealed class OrderDeskStub : IAsyncDisposable
{
    private readonly NatsJSContext _js;
    private readonly string _prefix;
    private readonly string _durable;
    private readonly ConcurrentDictionary<string, (OrderStatus Status, int Version)> _orders = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private OrderDeskStub(NatsJSContext js, INatsJSConsumer consumer, string prefix)
    {
        _js = js;
        _prefix = prefix;
        _durable = consumer.Info.Name;
        _loop = RunAsync(consumer, _stop.Token);
    }

    /// <summary>
    /// Creates the desk's durable pull consumer on COMMANDS (deliver new) and starts answering.
    /// Once the consumer exists every command stored after it reaches the desk, whenever its pulls start.
    /// </summary>
    public static async Task<OrderDeskStub> StartAsync(NatsConnection connection, string prefix)
    {
        var js = new NatsJSContext(connection);
        var consumer = await js.CreateOrUpdateConsumerAsync(Streams.Names.Commands, new ConsumerConfig("desk-" + Guid.NewGuid().ToString("N")[..8])
        {
            DeliverPolicy = ConsumerConfigDeliverPolicy.New,
            FilterSubject = Subjects.Commands.UpdateStatus,
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
        });
        return new OrderDeskStub(js, consumer, prefix);
    }

    public (OrderStatus Status, int Version) this[string orderId] => _orders[orderId];

    /// <summary>Makes an order known to the desk, and publishes <c>orders.paid</c> for it when it is Paid (what follow mode reacts to).</summary>
    public async Task AddAsync(string orderId, OrderStatus status, int version)
    {
        _orders[orderId] = (status, version);
        if (status == OrderStatus.Paid)
        {
            await PublishAsync(new OrderPaid(EventIds.ForOrderEvent(Subjects.Orders.Paid, orderId, version), orderId, version, DateTimeOffset.UtcNow, PaymentIds.For(orderId), 10m, "USD"), default);
        }
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

    private async Task RunAsync(INatsJSConsumer consumer, CancellationToken ct)
    {
        await foreach (var msg in consumer.ConsumeAsync(NatsRawSerializer<byte[]>.Default, cancellationToken: ct))
        {
            await msg.AckAsync(cancellationToken: ct);
            if (OrdersJson.TryDeserialize<Contracts.UpdateStatus>(msg.Data, out var update, out _) && update.OrderId.StartsWith(_prefix, StringComparison.Ordinal))
            {
                await (Decide(update) switch
                {
                    OrderShipped e => PublishAsync(e, ct),
                    OrderDelivered e => PublishAsync(e, ct),
                    OrderCancelled e => PublishAsync(e, ct),
                    var rejection => PublishAsync((OrderUpdateRejected)rejection, ct),
                });
            }
        }
    }

    private IOrderEvent Decide(Contracts.UpdateStatus update)
    {
        var now = DateTimeOffset.UtcNow;
        if (!_orders.TryGetValue(update.OrderId, out var order))
        {
            return Reject(update, RejectionReasons.UnknownOrder, null, 0);
        }

        var allowed = (order.Status, update.Status) is (OrderStatus.Paid, OrderStatus.Shipped) or (OrderStatus.Shipped, OrderStatus.Delivered)
            or (OrderStatus.Created or OrderStatus.Paid, OrderStatus.Cancelled);
        if (!allowed)
        {
            return Reject(update, RejectionReasons.InvalidTransition, order.Status, order.Version);
        }

        if (update.ExpectedVersion is { } expected && expected != order.Version)
        {
            return Reject(update, RejectionReasons.VersionConflict, order.Status, order.Version);
        }

        var version = order.Version + 1;
        _orders[update.OrderId] = (update.Status, version);
        return update.Status switch
        {
            OrderStatus.Shipped => new OrderShipped(EventIds.ForOrderEvent(Subjects.Orders.Shipped, update.OrderId, version), update.OrderId, version, now, update.RequestId),
            OrderStatus.Delivered => new OrderDelivered(EventIds.ForOrderEvent(Subjects.Orders.Delivered, update.OrderId, version), update.OrderId, version, now, update.RequestId),
            _ => new OrderCancelled(EventIds.ForOrderEvent(Subjects.Orders.Cancelled, update.OrderId, version), update.OrderId, version, now, update.RequestId),
        };
    }

    private static OrderUpdateRejected Reject(Contracts.UpdateStatus update, string reason, OrderStatus? status, int version) =>
        new(EventIds.ForRejection(update.RequestId), update.OrderId, DateTimeOffset.UtcNow, update.RequestId, reason, status, version);

    /// <summary>Generic so the contract's JSON metadata for the concrete event type is used.</summary>
    private async Task PublishAsync<T>(T evt, CancellationToken ct)
        where T : IOrderEvent =>
        (await _js.PublishAsync(Subjects.ForEvent(evt), OrdersJson.Serialize(evt), NatsRawSerializer<byte[]>.Default, new NatsJSPubOpts { MsgId = evt.EventId }, cancellationToken: ct))
            .EnsureSuccess();
}
