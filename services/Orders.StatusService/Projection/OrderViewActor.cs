using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Orders.Actors.Entities;
using Orders.Contracts;
using Orders.Messaging.Persistence;
using Orders.Messaging.Pipeline;
using Orders.StatusService.Domain;

namespace Orders.StatusService.Projection;

/// <summary>
/// One actor per order (entity id = order id): applies the order's events to its view strictly in
/// version order, one at a time. The view is cached between messages and loaded from PostgreSQL
/// on first use; the database, not the cache, is the truth shared with the other instances, so a
/// cache that disagrees with it (a lost race, an apparent gap) is dropped and the event decided
/// again on fresh state.
/// </summary>
internal sealed partial class OrderViewActor(OrderViewStore store, ILogger<OrderViewActor> logger) : EntityActor
{
    /// <summary>Decisions per message before a run of lost races is handed back as a retry.</summary>
    private const int MaxAttempts = 3;

    private OrderView? _view;
    private bool _loaded;

    protected override async ValueTask ReceiveAsync(object message)
    {
        // The pipeline asks with Incoming<T> of the concrete contract record.
        var outcome = message switch
        {
            Incoming<OrderCreated> m => await ProjectAsync(m).ConfigureAwait(false),
            Incoming<OrderPaid> m => await ProjectAsync(m).ConfigureAwait(false),
            Incoming<OrderPaymentFailed> m => await ProjectAsync(m).ConfigureAwait(false),
            Incoming<OrderShipped> m => await ProjectAsync(m).ConfigureAwait(false),
            Incoming<OrderDelivered> m => await ProjectAsync(m).ConfigureAwait(false),
            Incoming<OrderCancelled> m => await ProjectAsync(m).ConfigureAwait(false),
            Incoming<OrderUpdateRejected> m => await ProjectAsync(m).ConfigureAwait(false),
            _ => null,
        };

        if (outcome is null)
        {
            Unhandled(message);
            return;
        }

        Reply(outcome);
    }

    private async ValueTask<MessageOutcome> ProjectAsync<TEvent>(Incoming<TEvent> incoming)
        where TEvent : class, IOrderEvent
    {
        var delivery = incoming.Delivery;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var fresh = !_loaded;
                if (fresh)
                {
                    _view = await store.LoadAsync(EntityId, CancellationToken.None).ConfigureAwait(false);
                    _loaded = true;
                }

                switch (StatusProjector.Apply(_view, incoming.Message))
                {
                    case ProjectionResult.AlreadyApplied:
                        LogAlreadyApplied(EntityId, incoming.Subject, delivery.StreamSequence, delivery.NumDelivered, _view?.Version ?? 0);
                        return MessageOutcome.AlreadyApplied;

                    case ProjectionResult.Unchanged:
                        return MessageOutcome.Ack;

                    case ProjectionResult.Invalid invalid:
                        LogInvalid(EntityId, incoming.Subject, delivery.StreamSequence, delivery.NumDelivered, invalid.Reason);
                        return MessageOutcome.DeadLetter(invalid.Reason);

                    case ProjectionResult.Gap when !fresh:
                        // Another instance may have applied the predecessor: only fresh state can tell.
                        Forget();
                        continue;

                    case ProjectionResult.Gap gap:
                        LogGap(EntityId, incoming.Subject, delivery.StreamSequence, delivery.NumDelivered, gap.Expected, gap.Received);
                        return MessageOutcome.Gap(
                            TimeSpan.Zero, $"order {EntityId} is at version {gap.Expected - 1}; version {gap.Received} waits for {gap.Expected}");

                    case ProjectionResult.Applied applied:
                        var commit = await store.SaveAsync(applied.View, incoming.MessageId, CancellationToken.None).ConfigureAwait(false);
                        if (commit == CommitResult.Committed)
                        {
                            _view = applied.View;
                            LogApplied(EntityId, incoming.Subject, delivery.StreamSequence, delivery.NumDelivered, applied.View.Version, applied.View.Status);
                            return MessageOutcome.Ack;
                        }

                        Forget();
                        if (commit == CommitResult.AlreadyProcessed)
                        {
                            return MessageOutcome.AlreadyApplied;
                        }

                        LogLostRace(EntityId, incoming.Subject, delivery.StreamSequence, attempt);
                        if (attempt >= MaxAttempts)
                        {
                            return MessageOutcome.Retry($"order {EntityId}: lost {attempt} races to apply version {applied.View.Version}");
                        }

                        continue;

                    case var other:
                        throw new InvalidOperationException($"Unexpected projection result {other}.");
                }
            }
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException or TimeoutException)
        {
            Forget();
            LogTransientFailure(ex, EntityId, incoming.Subject, delivery.StreamSequence, delivery.NumDelivered);
            return MessageOutcome.Retry($"order {EntityId}: database unavailable ({ex.GetType().Name})", ex);
        }
    }

    private void Forget()
    {
        _view = null;
        _loaded = false;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Order {OrderId}: applied {Subject} (seq {StreamSequence}, delivery {Deliveries}); now version {Version}, {Status}")]
    private partial void LogApplied(string orderId, string subject, ulong streamSequence, int deliveries, int version, OrderStatus status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Order {OrderId}: {Subject} (seq {StreamSequence}, delivery {Deliveries}) already applied; view at version {Version}")]
    private partial void LogAlreadyApplied(string orderId, string subject, ulong streamSequence, int deliveries, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId}: {Subject} (seq {StreamSequence}, delivery {Deliveries}) is version {Received} but {Expected} is next; nak'ed until it arrives")]
    private partial void LogGap(string orderId, string subject, ulong streamSequence, int deliveries, int expected, int received);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId}: {Subject} (seq {StreamSequence}, delivery {Deliveries}) is invalid: {Reason}")]
    private partial void LogInvalid(string orderId, string subject, ulong streamSequence, int deliveries, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Order {OrderId}: {Subject} (seq {StreamSequence}) lost race {Attempt} to another instance; reloading")]
    private partial void LogLostRace(string orderId, string subject, ulong streamSequence, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId}: {Subject} (seq {StreamSequence}, delivery {Deliveries}) failed on the database; will be retried")]
    private partial void LogTransientFailure(Exception error, string orderId, string subject, ulong streamSequence, int deliveries);
}
