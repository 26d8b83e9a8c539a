using System.Text;
using Orders.OrderService.Domain;
using Orders.Properties.Tests.Engine;
using Orders.Properties.Tests.Histories;
using Orders.Properties.Tests.Simulation;
using Orders.Properties.Tests.Wire;

namespace Orders.Properties.Tests.Properties;

/// <summary>
/// (b) order-service ends in the same state whatever the schedule: orders interleaved at random and
/// any message (commands and payment events) delivered again at any later point, as a duplicate
/// publish or a redelivery, gives the same orders, the same published events and the same dead
/// letters as in-order delivery. Each order's first deliveries keep their causal order (nothing pays
/// an order before it exists, an update sent after Paid comes after the payment).
/// </summary>
public sealed class OrderStateProperties
{
    [Fact]
    public void OrderState_AnyScheduleWithDuplicatesAndRedeliveries_EqualsInOrderDelivery()
    {
        var property = new Property<ScheduleCase>(
            "order-service state after any schedule of commands and payment events",
            (random, seed) =>
            {
                var history = OrderHistories.OrderServiceInput(random);
                return new ScheduleCase(seed, history, Schedules.CausalPerOrder(random, history));
            },
            Check,
            // Any message may go: both runs are made from what is left, so the comparison stays fair.
            c => Schedules.Shrink(c, s => Schedules.DeliversEveryMessage(s) && Schedules.KeepsCausalOrder(s), canDrop: _ => true),
            c => c.Describe());

        property.Run(PropertySettings.FromEnvironment());
    }

    private static string? Check(ScheduleCase c)
    {
        var inOrder = new OrderServiceSimulation().Run(c.InOrder.Select(m => new Delivery(m)));
        var scheduled = new OrderServiceSimulation().Run(c.Schedule);

        var problems = new StringBuilder();
        foreach (var orderId in c.OrderIds)
        {
            var expected = Describe(inOrder.OrderOf(orderId));
            var actual = Describe(scheduled.OrderOf(orderId));
            if (expected != actual)
            {
                problems.AppendLine($"order {orderId}: in order {expected}; after the schedule {actual}");
            }

            var expectedEvents = EventIdsOf(inOrder, orderId);
            var actualEvents = EventIdsOf(scheduled, orderId);
            if (expectedEvents != actualEvents)
            {
                problems.AppendLine($"order {orderId}: in order published [{expectedEvents}]; after the schedule [{actualEvents}]");
            }
        }

        var expectedDead = string.Join(", ", inOrder.DeadLettered.Distinct().Order(StringComparer.Ordinal));
        var actualDead = string.Join(", ", scheduled.DeadLettered.Distinct().Order(StringComparer.Ordinal));
        if (expectedDead != actualDead)
        {
            problems.AppendLine($"dead letters: in order [{expectedDead}]; after the schedule [{actualDead}]");
        }

        return problems.Length == 0
            ? null
            : problems.Append("order-service handled:").AppendLine().AppendJoin(Environment.NewLine, scheduled.Trace.Select(t => "    " + t)).ToString();
    }

    private static string EventIdsOf(OrderServiceSimulation simulation, string orderId) =>
        string.Join(", ", simulation.Published.Where(e => e.OrderId == orderId).Select(e => e.EventId));

    private static string Describe(Order? order) => order is null
        ? "(no order)"
        : $"{order.Status} v{order.Version} total={order.Total} {order.Currency} customer={order.CustomerId} payment={order.PaymentId ?? "-"} " +
          $"requests=[{string.Join(",", order.HandledRequestIds.Order(StringComparer.Ordinal))}] updated={order.UpdatedAt:O}";
}
