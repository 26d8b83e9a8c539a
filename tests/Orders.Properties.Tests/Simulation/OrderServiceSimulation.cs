using Orders.Contracts;
using Orders.Messaging.Pipeline;
using Orders.OrderService.Domain;
using Orders.Properties.Tests.Wire;

namespace Orders.Properties.Tests.Simulation;

/// <summary>
/// order-service: every delivery is asked of the real <c>OrderActor</c> (its shared load / decide /
/// commit loop and the <see cref="OrderDecider"/>), one message at a time as its mailbox takes them,
/// over an in-memory database of this simulation's own (<see cref="OrderServiceActors"/>).
/// </summary>
internal sealed class OrderServiceSimulation
{
    private readonly string _generation = OrderServiceActors.NewGeneration();
    private readonly OrderDatabase _database = new();
    private readonly List<string> _trace = [];

    /// <summary>Every event committed to the outbox, in commit order: what order-service publishes on ORDERS.</summary>
    public IReadOnlyList<IOrderEvent> Published => _database.Outbox;

    /// <summary>Message ids that were dead-lettered, in order.</summary>
    public List<string> DeadLettered { get; } = [];

    /// <summary>One line per delivery: the message and what the actor answered.</summary>
    public IReadOnlyList<string> Trace => _trace;

    public Order? OrderOf(string orderId) => _database.Orders.GetValueOrDefault(orderId);

    public IReadOnlyDictionary<string, Order> Orders => _database.Orders;

    /// <summary>Delivers every step in turn (each handled to completion, as the actor's mailbox does).</summary>
    public OrderServiceSimulation Run(IEnumerable<Delivery> schedule)
    {
        foreach (var step in schedule)
        {
            Handle(step.Message);
        }

        return this;
    }

    /// <summary>Handles one delivery; returns the actor's answer.</summary>
    public MessageOutcome Handle(WireMessage message)
    {
        var outcome = OrderServiceActors.Instance.Handle(_database, _generation, message);
        _trace.Add($"{message} -> {outcome}");
        if (outcome is MessageOutcome.DeadLettered)
        {
            DeadLettered.Add(message.MessageId);
        }

        return outcome;
    }
}
