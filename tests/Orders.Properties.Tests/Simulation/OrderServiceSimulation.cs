using Orders.Contracts;
using Orders.OrderService.Domain;
using Orders.Properties.Tests.Wire;

namespace Orders.Properties.Tests.Simulation;

/// <summary>
/// order-service as its <c>OrderActor</c> uses the <see cref="OrderDecider"/>: per order, one message
/// at a time; the decision is committed together with the message id in the inbox and the event in
/// the outbox; a commit whose message id is already in the inbox is "already processed", after which
/// the actor decides once more (a conflicting submit-order is still dead-lettered) and otherwise acks
/// without effect. The dictionaries stand for the database that a real instance reloads from.
/// </summary>
internal sealed class OrderServiceSimulation
{
    private const int MaxDecisionAttempts = 5;

    private readonly Dictionary<string, Order> _orders = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inbox = new(StringComparer.Ordinal);
    private readonly List<IOrderEvent> _outbox = [];
    private readonly List<string> _trace = [];

    /// <summary>Every event committed to the outbox, in commit order: what order-service publishes on ORDERS.</summary>
    public IReadOnlyList<IOrderEvent> Published => _outbox;

    /// <summary>Message ids that were dead-lettered, in order.</summary>
    public List<string> DeadLettered { get; } = [];

    /// <summary>One line per delivery: the message and what the actor answered.</summary>
    public IReadOnlyList<string> Trace => _trace;

    public Order? OrderOf(string orderId) => _orders.GetValueOrDefault(orderId);

    public IReadOnlyDictionary<string, Order> Orders => _orders;

    /// <summary>Delivers every step in turn (each handled to completion, as the actor's mailbox does).</summary>
    public OrderServiceSimulation Run(IEnumerable<Delivery> schedule)
    {
        foreach (var step in schedule)
        {
            Handle(step.Message);
        }

        return this;
    }

    /// <summary>Handles one delivery; returns the actor's answer in the pipeline's words.</summary>
    public string Handle(WireMessage message)
    {
        var outcome = Decide(message);
        _trace.Add($"{message} -> {outcome}");
        if (outcome.StartsWith("dead-letter", StringComparison.Ordinal))
        {
            DeadLettered.Add(message.MessageId);
        }

        return outcome;
    }

    private string Decide(WireMessage message)
    {
        var alreadyProcessed = false;
        for (var attempt = 1; attempt <= MaxDecisionAttempts; attempt++)
        {
            var order = OrderOf(message.OrderId);
            var decision = message.Message switch
            {
                SubmitOrder command => OrderDecider.Decide(order, command, SimulationClock.Now),
                UpdateStatus command => OrderDecider.Decide(order, command, SimulationClock.Now),
                IPaymentEvent payment => OrderDecider.Decide(order, payment, SimulationClock.Now),
                var other => throw new InvalidOperationException($"order-service does not consume {other.GetType().Name}"),
            };

            switch (decision)
            {
                case OrderDecision.AlreadyApplied:
                    return "ack (already applied)";
                case OrderDecision.Ignore ignore:
                    return $"ack (ignored: {ignore.Why})";
                case OrderDecision.DeadLetter deadLetter:
                    return $"dead-letter ({deadLetter.Reason})";
            }

            if (alreadyProcessed)
            {
                return "ack (already processed)";
            }

            // The commit: entity row, inbox row and outbox row together, or nothing.
            if (!_inbox.Add(message.MessageId))
            {
                alreadyProcessed = true;
                continue;
            }

            var (next, published) = decision switch
            {
                OrderDecision.Apply apply => (apply.State, (IOrderEvent)apply.Event),
                OrderDecision.Reject reject => (reject.State, reject.Event),
                _ => throw new InvalidOperationException($"Unexpected decision {decision}"),
            };

            if (next is not null)
            {
                _orders[next.OrderId] = next;
            }

            _outbox.Add(published);
            return $"ack (committed {published.EventId})";
        }

        return "nak (retry)";
    }
}
