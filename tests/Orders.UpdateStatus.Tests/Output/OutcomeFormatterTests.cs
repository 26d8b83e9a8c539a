using Orders.Contracts;
using Orders.Drivers;
using Orders.UpdateStatus.Follow;
using Orders.UpdateStatus.Output;
using Orders.UpdateStatus.Updates;

namespace Orders.UpdateStatus.Tests.Output;

public sealed class OutcomeFormatterTests
{
    private static readonly StatusRequest Request = new("r-1", "o-42", OrderStatus.Shipped, 2);
    private static readonly DateTimeOffset At = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Line_Applied_SaysNewStatusAndVersion()
    {
        var outcome = new UpdateOutcome(Request, OutcomeKind.Applied, Observed("orders.shipped", new OrderShipped("shipped:o-42:3", "o-42", 3, At, "r-1")), TimeSpan.FromMilliseconds(12));

        Assert.Equal("applied: o-42 is Shipped at version 3 (request r-1, expected version 2, 12 ms)", OutcomeFormatter.Line(outcome));
    }

    [Fact]
    public void Line_Rejected_SaysReasonCurrentStatusAndVersion()
    {
        var rejection = new OrderUpdateRejected("update-rejected:r-1", "o-42", At, "r-1", RejectionReasons.VersionConflict, OrderStatus.Cancelled, 3);
        var outcome = new UpdateOutcome(Request, OutcomeKind.Rejected, Observed("orders.update-rejected", rejection), TimeSpan.FromMilliseconds(9));

        Assert.Equal("rejected: o-42 not Shipped — version-conflict, it is Cancelled at version 3 (request r-1, expected version 2, 9 ms)", OutcomeFormatter.Line(outcome));
    }

    [Fact]
    public void Line_RejectedUnknownOrder_SaysThereIsNoSuchOrder()
    {
        var rejection = new OrderUpdateRejected("update-rejected:r-1", "o-42", At, "r-1", RejectionReasons.UnknownOrder, null, 0);
        var outcome = new UpdateOutcome(Request with { ExpectedVersion = null }, OutcomeKind.Rejected, Observed("orders.update-rejected", rejection), TimeSpan.FromMilliseconds(1500));

        Assert.Equal("rejected: o-42 not Shipped — unknown-order, no such order (request r-1, 1.5 s)", OutcomeFormatter.Line(outcome));
    }

    [Fact]
    public void Line_NoOutcome_NamesTheTimeoutAndTheLikelyCause()
    {
        var outcome = new UpdateOutcome(Request, OutcomeKind.NoOutcome, null, TimeSpan.FromSeconds(10.02));

        Assert.Equal("no outcome for request r-1 (o-42 → Shipped) within 10 s — is order-service running? (./run.sh up)", OutcomeFormatter.Line(outcome, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void SummaryLine_Rejections_AreListedByReason()
    {
        var summary = new FollowSummary(10, 5, 3, 1, new Dictionary<string, int> { ["invalid-transition"] = 1 }, 0, 2, 12.34, true);

        Assert.Equal("followed 12.3 s: 10 updates — shipped 5, delivered 3, cancelled 1; rejected 1 invalid-transition; no outcome 0; superseded 2", OutcomeFormatter.SummaryLine(summary));
    }

    private static ObservedOrderEvent Observed(string subject, IOrderEvent evt) => new(subject, evt, 1, 0, 0);
}
