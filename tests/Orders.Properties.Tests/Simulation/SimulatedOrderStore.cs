using Orders.Contracts;
using Orders.Messaging.Persistence;
using Orders.OrderService.Domain;
using Orders.OrderService.Persistence;

namespace Orders.Properties.Tests.Simulation;

/// <summary>One simulation's "database": orders, inbox and outbox, as <see cref="OrderStore"/> keeps them in PostgreSQL.</summary>
internal sealed class OrderDatabase
{
    public Dictionary<string, Order> Orders { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Inbox { get; } = new(StringComparer.Ordinal);

    /// <summary>Every event committed to the outbox, in commit order.</summary>
    public List<IOrderEvent> Outbox { get; } = [];
}

/// <summary>
/// <see cref="IOrderStore"/> over the <see cref="OrderDatabase"/> of the simulation being run, with
/// <see cref="OrderStore"/>'s rules: the order row guarded by its version (an insert for a new order),
/// the inbox row and the outbox event in one commit, or nothing.
/// </summary>
internal sealed class SimulatedOrderStore : IOrderStore
{
    public OrderDatabase Database { get; set; } = new();

    public Task<Order?> LoadAsync(string orderId, CancellationToken ct)
    {
        // Entity ids carry the simulation's generation (orderId#n); the database knows plain order ids.
        var plain = orderId[..orderId.LastIndexOf('#')];
        return Task.FromResult(Database.Orders.GetValueOrDefault(plain));
    }

    public Task<CommitResult> CommitAsync(Order? current, OrderDecision decision, InboxEntry inbox, CancellationToken ct)
    {
        var (next, published) = decision switch
        {
            OrderDecision.Apply apply => (apply.State, (IOrderEvent)apply.Event),
            OrderDecision.Reject reject => (reject.State, reject.Event),
            _ => throw new InvalidOperationException($"Unexpected decision {decision}"),
        };

        if (Database.Inbox.Contains(inbox.MessageId))
        {
            return Task.FromResult(CommitResult.AlreadyProcessed);
        }

        if (next is not null)
        {
            var stored = Database.Orders.GetValueOrDefault(next.OrderId);
            if (stored?.Version != current?.Version)
            {
                return Task.FromResult(CommitResult.ConcurrencyConflict);
            }

            Database.Orders[next.OrderId] = next;
        }

        Database.Inbox.Add(inbox.MessageId);
        Database.Outbox.Add(published);
        return Task.FromResult(CommitResult.Committed);
    }
}
