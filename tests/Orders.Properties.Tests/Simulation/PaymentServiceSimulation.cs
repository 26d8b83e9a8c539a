using Orders.Contracts;
using Orders.PaymentService.Domain;
using Orders.Properties.Tests.Wire;

namespace Orders.Properties.Tests.Simulation;

/// <summary>
/// payment-service as its <c>PaymentActor</c> uses the <see cref="PaymentDecider"/>, with the
/// simulated gateway's ledger (one charge per payment id, whatever the retries). A charge is two
/// steps around the gateway call, as in the actor: the intention is stored first, the gateway is
/// called, and its answer is applied to the payment as it is <em>then</em>. While the gateway is busy
/// (<see cref="Delivery.Overlap"/>) other deliveries of the same order run, as on another instance.
/// A crash (<see cref="Fault"/>) leaves the message unacked, so it is redelivered; so is a nak after
/// a transient gateway failure. Redeliveries come after everything else still pending.
/// </summary>
internal sealed class PaymentServiceSimulation(PaymentPolicy policy)
{
    /// <summary>Deliveries in all before the simulation gives up (a livelock would be a finding too).</summary>
    private const int MaxSteps = 10_000;

    private readonly Dictionary<string, Payment> _payments = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inbox = new(StringComparer.Ordinal);
    private readonly List<string> _trace = [];

    /// <summary>Payment ids the gateway took money for (its ledger: one row per payment id).</summary>
    public HashSet<string> GatewayLedger { get; } = new(StringComparer.Ordinal);

    /// <summary>Every event committed to the outbox, in commit order: what payment-service publishes.</summary>
    public List<IPaymentEvent> Published { get; } = [];

    public IReadOnlyDictionary<string, Payment> Payments => _payments;

    public IReadOnlyList<string> Trace => _trace;

    /// <summary>True when every delivery was finally acked within <see cref="MaxSteps"/>.</summary>
    public bool Settled { get; private set; }

    public PaymentServiceSimulation Run(IEnumerable<Delivery> schedule)
    {
        var pending = new LinkedList<Work>(schedule.Select(d => (Work)new Work.Deliver(d.Message, d.Fault, d.Overlap)));
        var steps = 0;
        while (pending.First is { } first && ++steps <= MaxSteps)
        {
            pending.RemoveFirst();
            switch (first.Value)
            {
                case Work.Deliver deliver:
                    HandleDelivery(deliver, pending);
                    break;
                case Work.FinishCharge finish:
                    HandleGatewayAnswer(finish, pending);
                    break;
            }
        }

        Settled = pending.Count == 0;
        return this;
    }

    private void HandleDelivery(Work.Deliver work, LinkedList<Work> pending)
    {
        var current = _payments.GetValueOrDefault(work.Message.OrderId);
        var decision = work.Message.Message switch
        {
            OrderCreated created => PaymentDecider.Decide(current, created, policy, SimulationClock.Now),
            OrderCancelled cancelled => PaymentDecider.Decide(current, cancelled, SimulationClock.Now),
            var other => throw new InvalidOperationException($"payment-service does not act on {other.GetType().Name}"),
        };

        if (decision is not PaymentDecision.Charge charge)
        {
            Settle(work.Message, decision, pending, $"{work.Message}");
            return;
        }

        // The intention is stored (no inbox row: the message is not done yet), then the gateway is called.
        _payments[work.Message.OrderId] = charge.State;
        if (work.Fault == Fault.CrashBeforeGateway)
        {
            _trace.Add($"{work.Message} -> charge stored, instance crashed before the gateway call; redelivered later");
            pending.AddLast(new Work.Deliver(work.Message, Fault.None, 0));
            return;
        }

        _trace.Add($"{work.Message} -> charge stored, gateway called (busy for {work.Overlap} steps)");
        InsertAfter(pending, work.Overlap, new Work.FinishCharge(work.Message, charge.Request, work.Fault));
    }

    /// <summary>Puts <paramref name="item"/> behind the first <paramref name="count"/> pending items (or last, if fewer).</summary>
    private static void InsertAfter(LinkedList<Work> pending, int count, Work item)
    {
        if (count == 0 || pending.First is null)
        {
            pending.AddFirst(item);
            return;
        }

        var node = pending.First;
        for (var i = 1; i < count && node.Next is not null; i++)
        {
            node = node.Next;
        }

        pending.AddAfter(node, item);
    }

    private void HandleGatewayAnswer(Work.FinishCharge work, LinkedList<Work> pending)
    {
        GatewayOutcome answer;
        if (work.Fault == Fault.GatewayFails)
        {
            answer = new GatewayOutcome.TransientFailure("simulated");
        }
        else
        {
            GatewayLedger.Add(work.Request.PaymentId);
            answer = GatewayOutcome.Captured.Instance;
        }

        if (work.Fault == Fault.CrashAfterGateway)
        {
            _trace.Add($"  gateway answer for {work.Message}: money taken, instance crashed before recording it; redelivered later");
            pending.AddLast(new Work.Deliver(work.Message, Fault.None, 0));
            return;
        }

        var current = _payments.GetValueOrDefault(work.Message.OrderId);
        var decision = PaymentDecider.ApplyGatewayOutcome(current, work.Request, answer, SimulationClock.Now);
        Settle(work.Message, decision, pending, $"  gateway answer {answer.GetType().Name} for {work.Message}");
    }

    /// <summary>Carries out a decision other than Charge, as the actor's TryApplyAsync does, and settles the message.</summary>
    private void Settle(WireMessage message, PaymentDecision decision, LinkedList<Work> pending, string what)
    {
        switch (decision)
        {
            case PaymentDecision.AlreadyApplied:
                _trace.Add($"{what} -> ack (already applied)");
                return;
            case PaymentDecision.Ignore ignore:
                _trace.Add($"{what} -> ack (ignored: {ignore.Why})");
                return;
            case PaymentDecision.Retry retry:
                _trace.Add($"{what} -> nak ({retry.Reason})");
                pending.AddLast(new Work.Deliver(message, Fault.None, 0));
                return;
            case PaymentDecision.Record record:
                Commit(message, record.State, [], what);
                return;
            case PaymentDecision.Emit emit:
                Commit(message, emit.State, emit.Events, what);
                return;
            default:
                throw new InvalidOperationException($"Unexpected decision {decision}");
        }
    }

    private void Commit(WireMessage message, Payment next, IReadOnlyList<IPaymentEvent> events, string what)
    {
        // Payment row, inbox row and outbox rows in one transaction; an id already in the inbox commits nothing.
        if (!_inbox.Add(message.MessageId))
        {
            _trace.Add($"{what} -> ack (already processed)");
            return;
        }

        _payments[message.OrderId] = next;
        Published.AddRange(events);
        _trace.Add($"{what} -> ack (stored {next.Status}{(events.Count == 0 ? "" : ", published " + string.Join(", ", events.Select(e => e.EventId)))})");
    }

    private abstract record Work
    {
        public sealed record Deliver(WireMessage Message, Fault Fault, int Overlap) : Work;

        public sealed record FinishCharge(WireMessage Message, ChargeRequest Request, Fault Fault) : Work;
    }
}
