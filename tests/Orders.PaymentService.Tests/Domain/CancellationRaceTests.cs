using Orders.Contracts;
using Orders.PaymentService.Domain;

namespace Orders.PaymentService.Tests.Domain;

/// <summary>
/// Replays the ways orders.created, orders.cancelled and the gateway's answer can interleave
/// (with redeliveries) the way the payment actor drives the decider, and checks the contract's
/// money guarantees on the events that come out: never captured twice, and a cancelled order
/// never left charged.
/// </summary>
public sealed class CancellationRaceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    // C = orders.created (re)delivered, X = orders.cancelled (re)delivered,
    // G = the gateway captures the charge in flight, T = it fails transiently, K = it takes the
    // money but the answer is lost.
    [Theory]
    [InlineData("CG")]
    [InlineData("CGX")]
    [InlineData("CXG")]
    [InlineData("XCG")]
    [InlineData("XC")]
    [InlineData("CXCG")]
    [InlineData("CTXC")]
    [InlineData("CTCG")]
    [InlineData("CTCGX")]
    [InlineData("CGCG")]
    [InlineData("CCGG")]
    [InlineData("CGXX")]
    [InlineData("CGXCX")]
    [InlineData("XXCCG")]
    [InlineData("CXXG")]
    public void Interleaving_AnyOrder_NeverCapturesTwiceNorLeavesACancelledOrderCharged(string steps)
    {
        var events = Run(steps);

        var captures = events.OfType<PaymentCaptured>().Count();
        var refunds = events.OfType<PaymentRefunded>().Count();
        Assert.True(captures <= 1, $"{steps}: captured {captures} times");
        Assert.True(refunds <= 1, $"{steps}: refunded {refunds} times");
        if (steps.Contains('X'))
        {
            Assert.Equal(captures, refunds);
        }
        else
        {
            Assert.Equal(0, refunds);
        }
    }

    [Theory]
    [InlineData("XC")]
    [InlineData("XCG")]
    [InlineData("XXCCG")]
    public void Interleaving_CancellationSeenFirst_DeclinesWithCancelledAndNeverCaptures(string steps)
    {
        var events = Run(steps);

        var declined = Assert.IsType<PaymentDeclined>(Assert.Single(events));
        Assert.Equal(DeclineReasons.Cancelled, declined.Reason);
    }

    // K = the gateway takes the money but its answer is lost (crash, commit retried away, ask timeout).
    [Theory]
    [InlineData("CKXCG")]
    [InlineData("CKXXCCG")]
    [InlineData("CTXCKCG")]
    public void Interleaving_ChargeTakenButAnswerLostThenCancelled_CapturesAndRefundsIt(string steps)
    {
        var events = Run(steps);

        Assert.Equal([typeof(PaymentCaptured), typeof(PaymentRefunded)], events.Select(e => e.GetType()));
    }

    [Fact]
    public void Interleaving_CancellationAfterCapture_RefundsExactlyOnce()
    {
        var events = Run("CGXX");

        Assert.Equal([typeof(PaymentCaptured), typeof(PaymentRefunded)], events.Select(e => e.GetType()));
    }

    private static List<IPaymentEvent> Run(string steps)
    {
        var created = PaymentDeciderTests.Created(39.98m);
        var cancelled = PaymentDeciderTests.Cancelled();
        Payment? state = null;
        ChargeRequest? inFlight = null;
        var events = new List<IPaymentEvent>();
        var now = T0;

        foreach (var step in steps)
        {
            now = now.AddSeconds(1);
            var decision = step switch
            {
                'C' => PaymentDecider.Decide(state, created, PaymentPolicy.Default, now),
                'X' => PaymentDecider.Decide(state, cancelled, now),
                'G' when inFlight is not null => PaymentDecider.ApplyGatewayOutcome(state, inFlight, GatewayOutcome.Captured.Instance, now),
                'T' when inFlight is not null => PaymentDecider.ApplyGatewayOutcome(state, inFlight, new GatewayOutcome.TransientFailure("down"), now),
                _ => null,
            };

            if (step is 'G' or 'T' or 'K')
            {
                inFlight = null;
            }

            switch (decision)
            {
                case PaymentDecision.Charge charge:
                    state = charge.State; // stored before the gateway is called
                    inFlight = charge.Request;
                    break;
                case PaymentDecision.Emit emit:
                    state = emit.State;
                    events.AddRange(emit.Events);
                    break;
                case PaymentDecision.Record record:
                    state = record.State;
                    break;
            }
        }

        return events;
    }
}
