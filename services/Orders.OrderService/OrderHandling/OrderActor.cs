using Microsoft.Extensions.DependencyInjection;
using Orders.Contracts;
using Orders.Messaging.Entities;
using Orders.Messaging.Persistence;
using Orders.Messaging.Pipeline;
using Orders.OrderService.Domain;
using Orders.OrderService.Messaging;
using Orders.OrderService.Persistence;

namespace Orders.OrderService.OrderHandling;

/// <summary>
/// One actor per order (the entity id is the order id), in the shape every entity shares
/// (<see cref="EntityActor{TState, TChange}"/>): it keeps the order cached, decides each message with
/// the pure <see cref="OrderDecider"/>, commits the decision through <see cref="IOrderStore"/> (order
/// row, inbox row and event in the outbox together) and replies the <see cref="MessageOutcome"/> the
/// pipeline acts on. Several service instances can hold an actor for the same order; the database
/// decides who wins (the version guard, the request and inbox keys) and the loser reloads and decides again.
/// </summary>
internal sealed class OrderActor(EntityRuntime runtime, TimeProvider clock) : EntityActor<Order, OrderDecision>(runtime)
{
    /// <inheritdoc />
    /// <remarks>A submit creates the order: its commit inserts the row, which loses on pk_orders if the order exists.</remarks>
    protected override bool CreatesEntity(IIncoming incoming) => incoming.Message is SubmitOrder;

    /// <inheritdoc />
    protected override async ValueTask<Order?> LoadAsync(string entityId, IServiceProvider services, CancellationToken ct) =>
        await services.GetRequiredService<IOrderStore>().LoadAsync(entityId, ct).ConfigureAwait(true);

    /// <inheritdoc />
    protected override ValueTask<EntityDecision<Order, OrderDecision>> DecideAsync(
        string entityId, Order? state, IIncoming incoming, EntityAttempt attempt, IServiceProvider services, CancellationToken ct)
    {
        var decision = incoming.Message switch
        {
            SubmitOrder m => OrderDecider.Decide(state, m, Now()),
            UpdateStatus m => OrderDecider.Decide(state, m, Now()),
            PaymentCaptured m => OrderDecider.Decide(state, m, Now()),
            PaymentDeclined m => OrderDecider.Decide(state, m, Now()),
            PaymentRefunded m => OrderDecider.Decide(state, m),
            _ => null,
        };

        return ValueTask.FromResult(decision switch
        {
            null => Unknown(incoming),
            OrderDecision.AlreadyApplied => Answer(MessageOutcome.AlreadyApplied),
            OrderDecision.Ignore => Answer(MessageOutcome.Ack),
            OrderDecision.DeadLetter deadLetter => Answer(MessageOutcome.DeadLetter(deadLetter.Reason)),
            _ => Commit(decision, MessageOutcome.Ack),
        });
    }

    /// <inheritdoc />
    protected override async ValueTask<EntityCommit<Order>> CommitAsync(
        string entityId, Order? state, EntityDecision<Order, OrderDecision>.Commit commit, IIncoming incoming, IServiceProvider services, CancellationToken ct)
    {
        var inbox = new InboxEntry(incoming.MessageId, OrderServiceConsumers.ServiceName);
        var result = await services.GetRequiredService<IOrderStore>().CommitAsync(state, commit.Change, inbox, ct).ConfigureAwait(true);
        return new EntityCommit<Order>(result, StateAfter(commit.Change) ?? state);
    }

    private static Order? StateAfter(OrderDecision decision) => decision switch
    {
        OrderDecision.Apply apply => apply.State,
        OrderDecision.Reject reject => reject.State,
        _ => null,
    };

    /// <summary>
    /// Event timestamps at millisecond precision, the wire's: what is stored equals what is
    /// published, and a reload decides from exactly what other services saw.
    /// </summary>
    private DateTimeOffset Now()
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
