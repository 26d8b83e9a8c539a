using System.Text;
using Orders.Contracts;
using Orders.Properties.Tests.Engine;
using Orders.Properties.Tests.Histories;
using Orders.Properties.Tests.Simulation;
using Orders.Properties.Tests.Wire;

namespace Orders.Properties.Tests.Properties;

/// <summary>
/// (a) The status read model does not depend on how the ORDERS events arrive: after any schedule
/// with duplicates, reordering and redeliveries (gaps nak'ed and delivered again), every order's
/// view equals the view after in-order delivery, and its status and version equal order-service's.
/// </summary>
public sealed class StatusReadModelProperties
{
    [Fact]
    public void StatusReadModel_AnyScheduleOfOrderEvents_EqualsInOrderDeliveryAndOrderState()
    {
        var property = new Property<StatusCase>(
            "status read model after any schedule of the ORDERS events",
            Generate,
            Check,
            c => Schedules.Shrink(c.Events, Schedules.DeliversEveryMessage, CanDrop).Select(events => c with { Events = events }),
            c => c.Events.Describe());

        property.Run(PropertySettings.FromEnvironment());
    }

    // A rejection changes no view, so a shrunk case can leave it out; a versioned event cannot go
    // without making the order-service side disagree for another reason.
    private static bool CanDrop(WireMessage message) => message.Message is OrderUpdateRejected;

    private static StatusCase Generate(Random random, int seed)
    {
        var history = OrderHistories.OrderServiceInput(random);
        var published = new OrderServiceSimulation().Run(history.Select(m => new Delivery(m))).Published;
        var events = published.Select((e, i) => WireMessage.Of(i + 1, e)).ToList();
        return new StatusCase(history, new ScheduleCase(seed, events, Schedules.AnyOrder(random, events)));
    }

    private static string? Check(StatusCase c)
    {
        // order-service's side, for the orders still in the (possibly shrunk) case.
        var orderIds = c.Events.OrderIds.ToHashSet(StringComparer.Ordinal);
        var orders = new OrderServiceSimulation().Run(c.History.Where(m => orderIds.Contains(m.OrderId)).Select(m => new Delivery(m)));

        var inOrder = new StatusServiceSimulation().Run(c.Events.InOrder.Select(m => new Delivery(m)));
        var scheduled = new StatusServiceSimulation().Run(c.Events.Schedule);

        var problems = new StringBuilder();
        foreach (var orderId in orderIds)
        {
            var expected = StatusServiceSimulation.Describe(inOrder.Views.GetValueOrDefault(orderId));
            var actual = StatusServiceSimulation.Describe(scheduled.Views.GetValueOrDefault(orderId));
            if (expected != actual)
            {
                problems.AppendLine($"order {orderId}: in order {expected}; after the schedule {actual}");
            }

            var order = orders.OrderOf(orderId);
            var view = scheduled.Views.GetValueOrDefault(orderId);
            if ((order?.Status, order?.Version) != (view?.Status, view?.Version))
            {
                problems.AppendLine($"order {orderId}: order-service has {order?.Status} v{order?.Version}, the read model {view?.Status} v{view?.Version}");
            }
        }

        if (scheduled.DeadLettered.Count > 0)
        {
            problems.AppendLine($"dead-lettered: {string.Join(", ", scheduled.DeadLettered)}");
        }

        return problems.Length == 0
            ? null
            : problems.Append("status-service handled:").AppendLine().AppendJoin(Environment.NewLine, scheduled.Trace.Select(t => "    " + t)).ToString();
    }

    /// <summary>The order-service input the events came from, and the events with one schedule.</summary>
    private sealed record StatusCase(IReadOnlyList<WireMessage> History, ScheduleCase Events);
}
