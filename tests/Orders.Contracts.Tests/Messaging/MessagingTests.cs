using Orders.Contracts.Messaging;

namespace Orders.Contracts.Tests.Messaging;

public sealed class EventIdsTests
{
    [Theory]
    [InlineData(Subjects.Orders.Created, 1, "created:o-42:1")]
    [InlineData(Subjects.Orders.Paid, 2, "paid:o-42:2")]
    [InlineData(Subjects.Orders.PaymentFailed, 2, "payment-failed:o-42:2")]
    [InlineData(Subjects.Orders.Shipped, 3, "shipped:o-42:3")]
    [InlineData(Subjects.Orders.Delivered, 4, "delivered:o-42:4")]
    [InlineData(Subjects.Orders.Cancelled, 12, "cancelled:o-42:12")]
    public void ForOrderEvent_Subject_IsTypeOrderIdVersion(string subject, int version, string expected)
    {
        Assert.Equal(expected, EventIds.ForOrderEvent(subject, "o-42", version));
    }

    [Theory]
    [InlineData(Subjects.Payments.Captured, "captured:o-42")]
    [InlineData(Subjects.Payments.Declined, "declined:o-42")]
    [InlineData(Subjects.Payments.Refunded, "refunded:o-42")]
    public void ForPaymentEvent_Subject_IsTypeOrderId(string subject, string expected)
    {
        Assert.Equal(expected, EventIds.ForPaymentEvent(subject, "o-42"));
    }

    [Fact]
    public void ForRejection_RequestId_IsUpdateRejectedRequestId()
    {
        Assert.Equal("update-rejected:r-1", EventIds.ForRejection("r-1"));
    }

    [Fact]
    public void ForSubmitOrder_OrderId_IsSubmitOrderOrderId()
    {
        Assert.Equal("submit-order:o-42", EventIds.ForSubmitOrder("o-42"));
    }

    [Fact]
    public void ForUpdateStatus_RequestId_IsUpdateStatusRequestId()
    {
        Assert.Equal("update-status:r-1", EventIds.ForUpdateStatus("r-1"));
    }

    [Fact]
    public void PaymentIdsFor_OrderId_IsPayDashOrderId()
    {
        Assert.Equal("pay-o-42", PaymentIds.For("o-42"));
    }
}

public sealed class SubjectsTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    public static TheoryData<IEvent, string> EventSubjects => new()
    {
        { new OrderCreated("e", "o", 1, At, "c", [], 0m, "USD"), "orders.created" },
        { new OrderPaid("e", "o", 2, At, "p", 1m, "USD"), "orders.paid" },
        { new OrderPaymentFailed("e", "o", 2, At, "p", "r"), "orders.payment-failed" },
        { new OrderShipped("e", "o", 3, At, "r"), "orders.shipped" },
        { new OrderDelivered("e", "o", 4, At, "r"), "orders.delivered" },
        { new OrderCancelled("e", "o", 2, At, "r"), "orders.cancelled" },
        { new OrderUpdateRejected("e", "o", At, "r", "x", null, 0), "orders.update-rejected" },
        { new PaymentCaptured("e", "p", "o", 1m, "USD", At), "payments.captured" },
        { new PaymentDeclined("e", "p", "o", "r", At), "payments.declined" },
        { new PaymentRefunded("e", "p", "o", 1m, "USD", At), "payments.refunded" },
    };

    [Theory]
    [MemberData(nameof(EventSubjects))]
    public void ForEvent_ContractEvent_IsItsSubject(IEvent evt, string expected)
    {
        Assert.Equal(expected, Subjects.ForEvent(evt));
    }

    [Fact]
    public void Commands_Subjects_AreTheContracts()
    {
        Assert.Equal("commands.submit-order", Subjects.Commands.SubmitOrder);
        Assert.Equal("commands.update-status", Subjects.Commands.UpdateStatus);
    }

    [Fact]
    public void DeadLetterFor_ServiceName_IsDeadletterDotName()
    {
        Assert.Equal("deadletter.order-service", Subjects.DeadLetter.For("order-service"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("order.service")]
    [InlineData("order service")]
    [InlineData("*")]
    [InlineData(">")]
    public void DeadLetterFor_NotOneToken_Throws(string serviceName)
    {
        Assert.Throws<ArgumentException>(() => Subjects.DeadLetter.For(serviceName));
    }

    [Theory]
    [InlineData("orders.payment-failed", "payment-failed")]
    [InlineData("commands.submit-order", "submit-order")]
    [InlineData("single", "single")]
    public void LastToken_Subject_IsTheTextAfterTheLastDot(string subject, string expected)
    {
        Assert.Equal(expected, Subjects.LastToken(subject));
    }
}

public sealed class StreamsTests
{
    [Fact]
    public void All_FourStreams_CaptureTheirSubjects()
    {
        Assert.Equal(
            [
                new StreamSpec("COMMANDS", "commands.*"),
                new StreamSpec("ORDERS", "orders.*"),
                new StreamSpec("PAYMENTS", "payments.*"),
                new StreamSpec("DEADLETTER", "deadletter.*"),
            ],
            Streams.All);
    }

    [Fact]
    public void Limits_AreTheContracts()
    {
        Assert.Equal(TimeSpan.FromDays(7), Streams.MaxAge);
        Assert.Equal(TimeSpan.FromMinutes(2), Streams.DuplicateWindow);
    }

    [Fact]
    public void MessageHeaders_Names_AreTheContracts()
    {
        Assert.Equal("Nats-Msg-Id", MessageHeaders.MsgId);
        Assert.Equal("Orders-Dead-Reason", MessageHeaders.DeadReason);
        Assert.Equal("Orders-Original-Subject", MessageHeaders.OriginalSubject);
        Assert.Equal("Orders-Original-Sequence", MessageHeaders.OriginalSequence);
        Assert.Equal("Orders-Deliveries", MessageHeaders.Deliveries);
    }

    [Fact]
    public void Reasons_Values_AreTheContracts()
    {
        Assert.Equal("unknown-order", RejectionReasons.UnknownOrder);
        Assert.Equal("invalid-transition", RejectionReasons.InvalidTransition);
        Assert.Equal("version-conflict", RejectionReasons.VersionConflict);
        Assert.Equal("limit-exceeded", DeclineReasons.LimitExceeded);
        Assert.Equal("cancelled", DeclineReasons.Cancelled);
    }
}
