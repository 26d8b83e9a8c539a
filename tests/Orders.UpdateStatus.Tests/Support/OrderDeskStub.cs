using System.Collections.Concurrent;
using Orders.Contracts;
using Orders.Contracts.Json;
using Orders.Contracts.Messaging;
using Orders.Nats;
using Orders.Nats.JetStream;

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
    private readonly string _durable = "desk-" + Guid.NewGuid().ToString("N")[..8];
    private readonly ConcurrentDictionary<string, (OrderStatus Status, int Version)> _orders = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private OrderDeskStub(NatsConnection connection, string prefix)
    {
        _js = new NatsJSContext(connection);
        _prefix = prefix;
        _loop = RunAsync(new ConsumerConfig(_durable)
        {
            DeliverSubject = connection.NewInbox(),
            DeliverPolicy = ConsumerDeliverPolicy.New,
            FilterSubject = Subjects.Commands.UpdateStatus,
        }, _stop.Token);
    }

    public static async Task<OrderDeskStub> StartAsync(NatsConnection connection, string prefix)
    {
        var stub = new OrderDeskStub(connection, prefix);
        await Orders.Testing.Eventually.WaitUntilAsync(async () =>
        {
            if (stub._loop.IsFaulted)
            {
                await stub._loop;
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

    private async Task RunAsync(ConsumerConfig config, CancellationToken ct)
    {
        await foreach (var msg in _js.ConsumePushAsync(Streams.Names.Commands, config, ct))
        {
            await msg.AckAsync(ct);
            if (OrdersJson.TryDeserialize<Contracts.UpdateStatus>(msg.Data.Span, out var update, out _) && update.OrderId.StartsWith(_prefix, StringComparison.Ordinal))
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
        await _js.PublishAsync(Subjects.ForEvent(evt), OrdersJson.Serialize(evt), new NatsJSPubOpts { MsgId = evt.EventId }, ct: ct);
}
