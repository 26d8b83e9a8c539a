using System.Text;
using Orders.Contracts;
using Orders.Contracts.Messaging;
using Orders.PaymentService.Domain;
using Orders.Properties.Tests.Engine;
using Orders.Properties.Tests.Histories;
using Orders.Properties.Tests.Simulation;
using Orders.Properties.Tests.Wire;

namespace Orders.Properties.Tests.Properties;

/// <summary>
/// (c) payment-service, for any interleaving of orders.created and orders.cancelled with duplicates,
/// redeliveries, transient gateway failures, crashes around the gateway call and cancellations
/// handled while the gateway is busy: money is never captured twice, a cancelled order is never left
/// charged, and every other order is captured or declined by the limit, exactly once.
/// </summary>
public sealed class PaymentProperties
{
    private static readonly PaymentPolicy Policy = PaymentPolicy.Default;

    [Fact]
    public void Payment_AnyInterleavingOfCreatedAndCancelled_NeverCapturesTwiceNorLeavesCancelledOrderCharged()
    {
        var property = new Property<ScheduleCase>(
            "payment-service under any interleaving of created and cancelled",
            (random, seed) =>
            {
                var messages = OrderHistories.PaymentServiceInput(random);
                return new ScheduleCase(seed, messages, Schedules.AnyOrder(random, messages, WithFault));
            },
            Check,
            c => Schedules.Shrink(c, Schedules.DeliversEveryMessage, canDrop: m => m.Message is OrderCancelled),
            c => c.Describe());

        property.Run(PropertySettings.FromEnvironment());
    }

    private static Delivery WithFault(Random random, Delivery delivery) => delivery with
    {
        Fault = random.Next(10) switch
        {
            0 => Fault.GatewayFails,
            1 => Fault.CrashBeforeGateway,
            2 => Fault.CrashAfterGateway,
            _ => Fault.None,
        },
        Overlap = random.Next(2) == 0 ? 0 : random.Next(1, 4),
    };

    private static string? Check(ScheduleCase c)
    {
        var simulation = new PaymentServiceSimulation(Policy).Run(c.Schedule);
        var problems = new StringBuilder();
        if (!simulation.Settled)
        {
            problems.AppendLine("messages were still being redelivered after the step limit");
        }

        foreach (var orderId in c.OrderIds)
        {
            var created = c.InOrder.Select(m => m.Message).OfType<OrderCreated>().Single(e => e.OrderId == orderId);
            var cancelled = c.InOrder.Any(m => m.OrderId == orderId && m.Message is OrderCancelled);
            var published = simulation.Published.Where(e => e.OrderId == orderId).ToList();
            var captures = published.Count(e => e is PaymentCaptured);
            var refunds = published.Count(e => e is PaymentRefunded);
            var declines = published.OfType<PaymentDeclined>().ToList();
            var charged = simulation.GatewayLedger.Contains(PaymentIds.For(orderId));
            var status = simulation.Payments.GetValueOrDefault(orderId)?.Status;

            void Problem(string what) => problems.AppendLine(
                $"order {orderId} (total {created.Total}, {(cancelled ? "cancelled" : "not cancelled")}): {what}; " +
                $"published [{string.Join(", ", published.Select(e => e.EventId))}], money taken: {charged}, payment {status}");

            if (captures > 1 || refunds > 1 || declines.Count > 1)
            {
                Problem("an outcome was published twice");
            }

            if (captures > 0 != charged)
            {
                Problem(charged ? "money was taken but no capture was published" : "a capture was published but no money taken");
            }

            if (cancelled && charged && refunds != 1)
            {
                Problem("the order was cancelled and left charged");
            }

            if (!cancelled && refunds > 0)
            {
                Problem("refunded an order that was not cancelled");
            }

            if (!cancelled && created.Total <= Policy.DeclineAbove && (captures != 1 || status != PaymentStatus.Captured))
            {
                Problem("expected exactly one capture");
            }

            if (!cancelled && created.Total > Policy.DeclineAbove && (charged || declines is not [{ Reason: DeclineReasons.LimitExceeded }]))
            {
                Problem("expected one decline for the limit and no money taken");
            }

            if (cancelled && status is not (PaymentStatus.Declined or PaymentStatus.Refunded))
            {
                Problem("a cancelled order must end declined or refunded");
            }
        }

        return problems.Length == 0
            ? null
            : problems.Append("payment-service handled:").AppendLine().AppendJoin(Environment.NewLine, simulation.Trace.Select(t => "    " + t)).ToString();
    }
}
