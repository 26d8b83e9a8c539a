using System.Text.Json;
using Orders.Contracts;
using Orders.Contracts.Messaging;
using Orders.Nats;
using Orders.Nats.JetStream;

namespace Orders.Testing.SystemUnderTest.Workload;

public sealed partial class WorkloadRunner
{
    /// <summary>Reads ORDERS in stream order and sends each order's next command when its status calls for it.</summary>
    private async Task WatchAsync(CancellationToken ct)
    {
        try
        {
            await WatchCoreAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            _allFinal.TrySetException(ex);
            throw;
        }
    }

    private async Task WatchCoreAsync(CancellationToken ct)
    {
        var handled = new HashSet<ulong>();
        await foreach (var msg in _js.ConsumePushAsync(Streams.Names.Orders, _watchConsumer, ct).ConfigureAwait(false))
        {
            // A message redelivered because our ack was lost (the server restarting) was handled already.
            if (handled.Add(msg.Metadata.Sequence.Stream))
            {
                await HandleAsync(msg, ct).ConfigureAwait(false);
            }

            try
            {
                await msg.AckAsync(ct).ConfigureAwait(false);
            }
            catch (NatsException)
            {
                // Disconnected: the message comes again after the ack wait and is skipped above.
            }
        }
    }

    private async Task HandleAsync(NatsJSMsg msg, CancellationToken ct)
    {
        using var json = JsonDocument.Parse(msg.Data);
        var root = json.RootElement;
        var orderId = root.GetProperty("orderId").GetString()!;
        if (msg.Subject == Subjects.Orders.UpdateRejected)
        {
            var reason = root.TryGetProperty("reason", out var r) ? r.GetString() ?? "?" : "?";
            lock (_rejections)
            {
                _rejections[reason] = _rejections.GetValueOrDefault(reason) + 1;
            }

            return;
        }

        if (!_progress.TryGetValue(orderId, out var order))
        {
            return; // not ours (a resubmit with other content never creates anything)
        }

        var version = root.GetProperty("version").GetInt64();
        var status = StatusAfter(msg.Subject);
        if (version > order.Version)
        {
            order.Version = version;
            order.Status = status;
        }

        await ReactAsync(order, status, version, ct).ConfigureAwait(false);
        if (!order.IsFinal && order.Status == order.Plan.Scenario.FinalStatus())
        {
            order.IsFinal = true;
            if (Interlocked.Increment(ref _final) == _progress.Count)
            {
                _allFinalAt = _clock.Elapsed;
                _allFinal.TrySetResult();
            }
        }
    }

    private async Task ReactAsync(OrderProgress order, OrderStatus status, long version, CancellationToken ct)
    {
        var scenario = order.Plan.Scenario;
        switch (status)
        {
            case OrderStatus.Created:
                OnCreated();
                if (scenario == OrderScenario.CancelledRacingPayment)
                {
                    await SendUpdateAsync(order, "cancel", OrderStatus.Cancelled, expectedVersion: null, ct).ConfigureAwait(false);
                }

                if (_badAfterCreated.TryGetValue(order.Plan.OrderId, out var conflicting))
                {
                    foreach (var message in conflicting)
                    {
                        await PublishBadAsync(message, ct).ConfigureAwait(false);
                    }
                }

                break;

            case OrderStatus.Paid when scenario is OrderScenario.Delivered or OrderScenario.Shipped:
                await SendUpdateAsync(order, "ship", OrderStatus.Shipped, version, ct).ConfigureAwait(false);
                break;

            case OrderStatus.Paid when scenario == OrderScenario.CancelledAfterPaid:
                await SendUpdateAsync(order, "cancel", OrderStatus.Cancelled, version, ct).ConfigureAwait(false);
                break;

            case OrderStatus.Paid when scenario == OrderScenario.StaleVersionThenShipped:
                await SendUpdateAsync(order, "ship-stale", OrderStatus.Shipped, version - 1, ct).ConfigureAwait(false);
                Interlocked.Increment(ref _staleUpdates);
                await SendUpdateAsync(order, "ship", OrderStatus.Shipped, version, ct).ConfigureAwait(false);
                break;

            case OrderStatus.Shipped when scenario == OrderScenario.Delivered:
                await SendUpdateAsync(order, "deliver", OrderStatus.Delivered, version, ct).ConfigureAwait(false);
                break;
        }
    }

    private void OnCreated()
    {
        lock (_createdWaiters)
        {
            _created++;
            foreach (var waiter in _createdWaiters.Where(w => w.Count <= _created).ToList())
            {
                waiter.Reached.TrySetResult();
                _createdWaiters.Remove(waiter);
            }
        }
    }

    private static OrderStatus StatusAfter(string subject) => subject switch
    {
        Subjects.Orders.Created => OrderStatus.Created,
        Subjects.Orders.Paid => OrderStatus.Paid,
        Subjects.Orders.PaymentFailed => OrderStatus.PaymentFailed,
        Subjects.Orders.Shipped => OrderStatus.Shipped,
        Subjects.Orders.Delivered => OrderStatus.Delivered,
        Subjects.Orders.Cancelled => OrderStatus.Cancelled,
        _ => throw new InvalidOperationException($"Unexpected subject {subject} on ORDERS."),
    };
}
