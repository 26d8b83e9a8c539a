using Microsoft.Extensions.DependencyInjection;
using Orders.Contracts;
using Orders.Messaging.Entities;
using Orders.Messaging.Persistence;
using Orders.Messaging.Pipeline;
using Orders.StatusService.Domain;

namespace Orders.StatusService.Projection;

/// <summary>
/// One actor per order (entity id = order id), in the shape every entity shares
/// (<see cref="EntityActor{TState, TChange}"/>): applies the order's events to its view strictly in
/// version order, one at a time, with the pure <see cref="StatusProjector"/>. The view is cached
/// between messages; a gap seen on the cached view is checked on a fresh one (another instance may
/// have applied the predecessor) before the event is nak'ed to wait for it.
/// </summary>
internal sealed class OrderViewActor(EntityRuntime runtime) : EntityActor<OrderView, OrderView>(runtime)
{
    /// <inheritdoc />
    /// <remarks>Version 1 starts the view: its commit inserts the row, which loses on pk_order_views if the view exists.</remarks>
    protected override bool CreatesEntity(IIncoming incoming) => incoming.Message is IVersionedOrderEvent { Version: 1 };

    /// <inheritdoc />
    protected override async ValueTask<OrderView?> LoadAsync(string entityId, IServiceProvider services, CancellationToken ct) =>
        await services.GetRequiredService<OrderViewStore>().LoadAsync(entityId, ct).ConfigureAwait(true);

    /// <inheritdoc />
    protected override ValueTask<EntityDecision<OrderView, OrderView>> DecideAsync(
        string entityId, OrderView? state, IIncoming incoming, EntityAttempt attempt, IServiceProvider services, CancellationToken ct)
    {
        if (incoming.Message is not IOrderEvent orderEvent)
        {
            return ValueTask.FromResult(Unknown(incoming));
        }

        return ValueTask.FromResult(StatusProjector.Apply(state, orderEvent) switch
        {
            ProjectionResult.AlreadyApplied => Answer(MessageOutcome.AlreadyApplied),
            ProjectionResult.Unchanged => Answer(MessageOutcome.Ack),
            ProjectionResult.Invalid invalid => Answer(MessageOutcome.DeadLetter(invalid.Reason)),
            ProjectionResult.Gap when !attempt.FreshState => Reload(),
            ProjectionResult.Gap gap => Answer(MessageOutcome.Gap(
                TimeSpan.Zero, $"order {entityId} is at version {gap.Expected - 1}; version {gap.Received} waits for {gap.Expected}")),
            ProjectionResult.Applied applied => Commit(applied.View, MessageOutcome.Ack),
            var other => throw new InvalidOperationException($"Unexpected projection result {other}."),
        });
    }

    /// <inheritdoc />
    protected override async ValueTask<EntityCommit<OrderView>> CommitAsync(
        string entityId, OrderView? state, EntityDecision<OrderView, OrderView>.Commit commit, IIncoming incoming, IServiceProvider services, CancellationToken ct)
    {
        var result = await services.GetRequiredService<OrderViewStore>().SaveAsync(commit.Change, incoming.MessageId, ct).ConfigureAwait(true);
        return new EntityCommit<OrderView>(result, commit.Change);
    }
}
