using System.Text.Json;
using Orders.Contracts;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Orders.Contracts.Messaging;

namespace Orders.Testing.SystemUnderTest.Workload;

public sealed partial class WorkloadRunner
{
    private const int MaxWatchRestarts = 20;
    private static readonly TimeSpan WatchRestartBackoff = TimeSpan.FromSeconds(1);

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

    /// <summary>
    /// An ordered consumer delivers ORDERS in stream order without gaps or repeats and, when a
    /// delivery goes missing or heartbeats stop (a server restart), re-creates itself from the
    /// last sequence it delivered. Should it give up, the watch starts a new one after that same
    /// sequence, so no event is skipped and none is handled twice.
    /// </summary>
    private async Task WatchCoreAsync(CancellationToken ct)
    {
        ulong last = 0;
        for (var restarts = 0; ; restarts++)
        {
            try
            {
                var opts = last == 0
                    ? new NatsJSOrderedConsumerOpts()
                    : new NatsJSOrderedConsumerOpts { DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence, OptStartSeq = last + 1 };
                var consumer = await _js.CreateOrderedConsumerAsync(Streams.Names.Orders, opts, ct).ConfigureAwait(false);
                await foreach (var msg in consumer.ConsumeAsync<byte[]>(cancellationToken: ct).ConfigureAwait(false))
                {
                    var sequence = msg.Metadata?.Sequence.Stream ?? throw new InvalidOperationException("An ORDERS message came without JetStream metadata.");
                    if (sequence <= last)
                    {
                        continue;
                    }

                    last = sequence;
                    await HandleAsync(msg.Subject, msg.Data ?? [], ct).ConfigureAwait(false);
                }

                ct.ThrowIfCancellationRequested();
                throw new InvalidOperationException("The ORDERS watch ended on its own.");
            }
            catch (NatsException ex) when (restarts < MaxWatchRestarts && !ct.IsCancellationRequested)
            {
                _log($"[workload] watching ORDERS failed ({ex.GetType().Name}: {ex.Message}); resuming after #{last}");
                await Task.Delay(WatchRestartBackoff, ct).ConfigureAwait(false); // a back-off, not a wait for a condition
            }
        }
    }

    private async Task HandleAsync(string subject, byte[] data, CancellationToken ct)
    {
        using var json = JsonDocument.Parse(data);
        var root = json.RootElement;
        var orderId = root.GetProperty("orderId").GetString()!;
        if (subject == Subjects.Orders.UpdateRejected)
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
        var status = StatusAfter(subject);
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
