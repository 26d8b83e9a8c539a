using Orders.Contracts;
using Orders.Contracts.Messaging;
using Orders.OrderService.Domain;
using Orders.PaymentService.Domain;
using Orders.Properties.Tests.Simulation;
using Orders.Properties.Tests.Wire;

namespace Orders.Properties.Tests.Histories;

/// <summary>
/// Generates order histories: a few orders, each with what order-service receives for it in order
/// (submit-order, the payment outcome payment-service would publish, update-status requests with and
/// without expectedVersion, re-published duplicates), plus now and then an update for an order that
/// never existed. The history is generated step by step against the real rules, so payment outcomes
/// fit the order (captured or declined by the limit, declined as cancelled, or the capture-then-refund
/// race) and expectedVersion values are near the real version: current, stale or ahead.
/// </summary>
internal static class OrderHistories
{
    private static readonly OrderStatus[] Requestable = [OrderStatus.Shipped, OrderStatus.Delivered, OrderStatus.Cancelled];

    /// <summary>order-service's input for 1 to 4 orders, in in-order delivery (orders one after another).</summary>
    public static IReadOnlyList<WireMessage> OrderServiceInput(Random random)
    {
        var history = new HistoryBuilder();
        var orders = random.Next(1, 5);
        for (var i = 1; i <= orders; i++)
        {
            var orderId = $"o-{i}";
            if (random.Next(8) == 0)
            {
                UnknownOrder(random, history, orderId);
            }
            else
            {
                KnownOrder(random, history, orderId);
            }
        }

        return history.Messages;
    }

    /// <summary>What payment-service receives for 1 to 4 orders: orders.created, and for some orders.cancelled.</summary>
    public static IReadOnlyList<WireMessage> PaymentServiceInput(Random random)
    {
        var messages = new List<WireMessage>();
        var orders = random.Next(1, 5);
        for (var i = 1; i <= orders; i++)
        {
            var orderId = $"o-{i}";
            var submit = NewSubmit(random, orderId);
            var total = Money.Total(submit.Items);
            messages.Add(WireMessage.Of(messages.Count + 1, new OrderCreated(
                EventIds.ForOrderEvent(Subjects.Orders.Created, orderId, 1),
                orderId,
                1,
                SimulationClock.Now,
                submit.CustomerId,
                submit.Items,
                total,
                submit.Currency)));

            if (random.Next(2) == 0)
            {
                // Cancelled from Created (version 2) or from Paid (version 3).
                var version = random.Next(2, 4);
                messages.Add(WireMessage.Of(messages.Count + 1, new OrderCancelled(
                    EventIds.ForOrderEvent(Subjects.Orders.Cancelled, orderId, version), orderId, version, SimulationClock.Now, $"r-{orderId}-cancel")));
            }
        }

        return messages;
    }

    private static void UnknownOrder(Random random, HistoryBuilder history, string orderId)
    {
        var update = new UpdateStatus($"r-{orderId}-1", orderId, random.GetItems(Requestable, 1)[0]);
        history.Add(update);
        if (random.Next(2) == 0)
        {
            history.Add(update);
        }
    }

    private static void KnownOrder(Random random, HistoryBuilder history, string orderId)
    {
        history.Add(NewSubmit(random, orderId));
        var paymentSent = false;
        var requests = 0;
        for (var steps = random.Next(1, 7); steps > 0; steps--)
        {
            var state = history.Reference.OrderOf(orderId)!;
            switch (random.Next(10))
            {
                case < 3 when !paymentSent:
                    paymentSent = AddPaymentOutcome(random, history, state);
                    break;
                case < 8:
                    int? expected = random.Next(2) == 0 ? null : Math.Max(1, state.Version + random.Next(-1, 2));
                    history.Add(new UpdateStatus($"r-{orderId}-{++requests}", orderId, random.GetItems(Requestable, 1)[0], expected));
                    break;
                default:
                    // A client or a driver sends the same thing again (another Nats-Msg-Id, or after the duplicate window).
                    var earlier = history.Messages.Where(m => m.OrderId == orderId).ToList();
                    history.Add(earlier[random.Next(earlier.Count)].Message);
                    break;
            }
        }
    }

    /// <summary>What payment-service would publish for the order as it is now; false when it would publish nothing yet.</summary>
    private static bool AddPaymentOutcome(Random random, HistoryBuilder history, Order state)
    {
        var paymentId = PaymentIds.For(state.OrderId);
        var captured = new PaymentCaptured(
            EventIds.ForPaymentEvent(Subjects.Payments.Captured, state.OrderId), paymentId, state.OrderId, state.Total, state.Currency, SimulationClock.Now);
        switch (state.Status)
        {
            case OrderStatus.Created when state.Total > PaymentPolicy.Default.DeclineAbove:
                history.Add(Declined(state.OrderId, DeclineReasons.LimitExceeded));
                return true;
            case OrderStatus.Created:
                history.Add(captured);
                return true;
            case OrderStatus.Cancelled when random.Next(2) == 0:
                history.Add(Declined(state.OrderId, DeclineReasons.Cancelled));
                return true;
            case OrderStatus.Cancelled:
                // The charge was under way when the cancellation came: captured, then refunded at once.
                history.Add(captured);
                history.Add(new PaymentRefunded(
                    EventIds.ForPaymentEvent(Subjects.Payments.Refunded, state.OrderId), paymentId, state.OrderId, state.Total, state.Currency, SimulationClock.Now));
                return true;
            default:
                return false;
        }
    }

    private static PaymentDeclined Declined(string orderId, string reason) => new(
        EventIds.ForPaymentEvent(Subjects.Payments.Declined, orderId), PaymentIds.For(orderId), orderId, reason, SimulationClock.Now);

    private static SubmitOrder NewSubmit(Random random, string orderId)
    {
        var items = Enumerable.Range(1, random.Next(1, 4))
            .Select(i => new OrderItem($"SKU-{i}", random.Next(1, 6), random.Next(100, 60_000) / 100m))
            .ToList();
        return new SubmitOrder(orderId, $"c-{random.Next(1, 4)}", "USD", items);
    }

    /// <summary>Collects the history and feeds it, one message at a time, to a reference order-service.</summary>
    private sealed class HistoryBuilder
    {
        public List<WireMessage> Messages { get; } = [];

        public OrderServiceSimulation Reference { get; } = new();

        public void Add(object message)
        {
            var wire = WireMessage.Of(Messages.Count + 1, message);
            Messages.Add(wire);
            Reference.Handle(wire);
        }
    }
}
