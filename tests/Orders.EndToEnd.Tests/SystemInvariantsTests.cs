using System.Text;
using Orders.Contracts;
using Orders.Contracts.Messaging;
using Orders.Testing.SystemUnderTest;

namespace Orders.EndToEnd.Tests;

/// <summary>
/// The invariants on hand-made snapshots: a clean system passes every one, and each kind of
/// damage fails exactly the invariant meant to catch it (so a green end-to-end run means something).
/// </summary>
public sealed class SystemInvariantsTests
{
    private const string OrderId = "o-1";

    [Fact]
    public void Check_ConsistentSystem_EveryInvariantPasses()
    {
        var report = SystemInvariants.Check(CleanCancelledOrder(), Expectations());

        Assert.True(report.AllPassed, report.ToString());
    }

    [Fact]
    public void Check_OrderInOtherStatus_FailsFinalStates()
    {
        var expectations = new SystemExpectations().ExpectOrder(OrderId, OrderStatus.Delivered).ExpectDeadLetter(Streams.Names.Commands, 9, "bad");

        AssertOnlyFailure(SystemInvariants.Check(CleanCancelledOrder(), expectations), "final states as expected");
    }

    [Fact]
    public void Check_VersionPublishedTwice_FailsVersions()
    {
        var snapshot = CleanCancelledOrder();
        snapshot = snapshot with { OrderEvents = [.. snapshot.OrderEvents, new OrderEventRecord(99, Subjects.Orders.Paid, OrderId, 2, "paid:o-1:2")] };

        AssertOnlyFailure(SystemInvariants.Check(snapshot, Expectations()), "order versions 1..n exactly once");
    }

    [Fact]
    public void Check_SecondCapture_FailsOneCapture()
    {
        var snapshot = CleanCancelledOrder();
        snapshot = snapshot with { PaymentEvents = [.. snapshot.PaymentEvents, new PaymentEventRecord(99, Subjects.Payments.Captured, OrderId, 10m, "captured:o-1")] };

        var report = SystemInvariants.Check(snapshot, Expectations());

        Assert.Contains(report.Failures, f => f.Name == "one capture and one charge per order");
    }

    [Fact]
    public void Check_CancelledOrderNotRefunded_FailsNetZero()
    {
        var snapshot = CleanCancelledOrder();
        snapshot = snapshot with { PaymentEvents = [.. snapshot.PaymentEvents.Where(e => e.Subject != Subjects.Payments.Refunded)] };

        AssertOnlyFailure(SystemInvariants.Check(snapshot, Expectations()), "cancelled orders net zero");
    }

    [Fact]
    public void Check_ReadModelBehind_FailsReadModel()
    {
        var snapshot = CleanCancelledOrder() with { OrderViews = [new OrderRow(OrderId, nameof(OrderStatus.Paid), 2)] };

        AssertOnlyFailure(SystemInvariants.Check(snapshot, Expectations()), "read model equals order-service");
    }

    [Fact]
    public void Check_BadMessageNotDeadLettered_FailsDeadLetters()
    {
        var snapshot = CleanCancelledOrder() with { DeadLetters = [] };

        AssertOnlyFailure(SystemInvariants.Check(snapshot, Expectations()), "bad messages dead-lettered, with reason");
    }

    [Fact]
    public void Check_UnsentOutboxRow_FailsOutboxes()
    {
        var snapshot = CleanCancelledOrder() with { UnsentOutbox = new Dictionary<string, long> { ["order-service"] = 1 } };

        AssertOnlyFailure(SystemInvariants.Check(snapshot, Expectations()), "outboxes empty");
    }

    private static SystemExpectations Expectations() =>
        new SystemExpectations().ExpectOrder(OrderId, OrderStatus.Cancelled).ExpectDeadLetter(Streams.Names.Commands, 9, "malformed JSON");

    /// <summary>o-1 created, paid, cancelled and refunded; COMMANDS #9 malformed and dead-lettered.</summary>
    private static SystemSnapshot CleanCancelledOrder()
    {
        var bad = Encoding.UTF8.GetBytes("{oops");
        return new SystemSnapshot(
            Commands: [new StreamMessageRecord(Subjects.Commands.SubmitOrder, 9, bad, null, DateTimeOffset.UnixEpoch)],
            OrderEvents:
            [
                new OrderEventRecord(1, Subjects.Orders.Created, OrderId, 1, "created:o-1:1"),
                new OrderEventRecord(2, Subjects.Orders.Paid, OrderId, 2, "paid:o-1:2"),
                new OrderEventRecord(3, Subjects.Orders.UpdateRejected, OrderId, null, "update-rejected:r-0"),
                new OrderEventRecord(4, Subjects.Orders.Cancelled, OrderId, 3, "cancelled:o-1:3"),
            ],
            PaymentEvents:
            [
                new PaymentEventRecord(1, Subjects.Payments.Captured, OrderId, 10m, "captured:o-1"),
                new PaymentEventRecord(2, Subjects.Payments.Refunded, OrderId, 10m, "refunded:o-1"),
            ],
            DeadLetters: [new DeadLetterRecord(1, "deadletter.order-service", "not JSON", Subjects.Commands.SubmitOrder, 9, "1", bad)],
            Orders: [new OrderRow(OrderId, nameof(OrderStatus.Cancelled), 3)],
            OrderViews: [new OrderRow(OrderId, nameof(OrderStatus.Cancelled), 3)],
            GatewayCharges: [new GatewayChargeRow(PaymentIds.For(OrderId), 10m, "USD")],
            UnsentOutbox: new Dictionary<string, long> { ["order-service"] = 0, ["payment-service"] = 0, ["status-service"] = 0 });
    }

    private static void AssertOnlyFailure(InvariantReport report, string invariant)
    {
        var failure = Assert.Single(report.Failures);
        Assert.Equal(invariant, failure.Name);
        Assert.NotEmpty(failure.Examples);
    }
}
