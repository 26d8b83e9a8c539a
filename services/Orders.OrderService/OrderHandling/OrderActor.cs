using Microsoft.Extensions.Logging;
using Npgsql;
using Orders.Actors.Entities;
using Orders.Contracts;
using Orders.Messaging.Persistence;
using Orders.Messaging.Pipeline;
using Orders.OrderService.Domain;
using Orders.OrderService.Messaging;
using Orders.OrderService.Persistence;

namespace Orders.OrderService.OrderHandling;

/// <summary>
/// One actor per order (the entity id is the order id). It keeps the order cached, decides each
/// message with the pure <see cref="OrderDecider"/>, commits the decision through
/// <see cref="OrderStore"/> and replies the <see cref="MessageOutcome"/> the pipeline acts on.
/// Several service instances can hold an actor for the same order; the database decides who wins
/// (the version guard, the request and inbox keys) and the loser reloads and decides again.
/// </summary>
internal sealed partial class OrderActor(OrderStore store, TimeProvider clock, ILogger<OrderActor> logger) : EntityActor
{
    /// <summary>Decisions per message before a run of lost races is handed back as a retry.</summary>
    internal const int MaxDecisionAttempts = 5;

    // The order as last loaded or committed. Null means "not loaded, or did not exist": an absent
    // order is looked up again for every message, because another instance may create it any time.
    private Order? _order;

    protected override async ValueTask ReceiveAsync(object message)
    {
        var outcome = message switch
        {
            Incoming<SubmitOrder> m => await HandleAsync(m, (order, now) => OrderDecider.Decide(order, m.Message, now)),
            Incoming<UpdateStatus> m => await HandleAsync(m, (order, now) => OrderDecider.Decide(order, m.Message, now)),
            Incoming<PaymentCaptured> m => await HandleAsync(m, (order, now) => OrderDecider.Decide(order, m.Message, now)),
            Incoming<PaymentDeclined> m => await HandleAsync(m, (order, now) => OrderDecider.Decide(order, m.Message, now)),
            Incoming<PaymentRefunded> m => await HandleAsync(m, (order, _) => OrderDecider.Decide(order, m.Message)),

            // Only a wiring mistake gets here (a consumer whose subjects this actor does not know);
            // answering beats letting the pipeline's ask time out on every redelivery.
            _ => UnhandledMessage(message),
        };

        Reply(outcome);
    }

    /// <summary>
    /// Decide, commit, and on a lost race reload and decide again. The message is finished once
    /// started (no cancellation): the transaction is short, and a graceful shutdown waits for it.
    /// </summary>
    private async ValueTask<MessageOutcome> HandleAsync<T>(Incoming<T> incoming, Func<Order?, DateTimeOffset, OrderDecision> decide)
        where T : class
    {
        using var scope = BeginMessageScope(incoming);
        var ct = CancellationToken.None;
        var inbox = new InboxEntry(incoming.MessageId, OrderServiceConsumers.ServiceName);

        // Set when the inbox already holds this message id: some delivery committed its effects,
        // even if the state we decide from cannot show them (an unknown-order rejection has no row).
        var alreadyProcessed = false;
        try
        {
            for (var attempt = 1; attempt <= MaxDecisionAttempts; attempt++)
            {
                var order = _order ??= await store.LoadAsync(EntityId, ct);
                var decision = decide(order, Now());
                switch (decision)
                {
                    case OrderDecision.AlreadyApplied:
                        LogAlreadyApplied(incoming.MessageId);
                        return MessageOutcome.AlreadyApplied;

                    case OrderDecision.Ignore ignore:
                        LogIgnored(incoming.MessageId, ignore.Why);
                        return MessageOutcome.Ack;

                    case OrderDecision.DeadLetter deadLetter:
                        LogDeadLetter(incoming.MessageId, deadLetter.Reason);
                        return MessageOutcome.DeadLetter(deadLetter.Reason);
                }

                if (alreadyProcessed)
                {
                    LogAlreadyApplied(incoming.MessageId);
                    return MessageOutcome.AlreadyApplied;
                }

                switch (await store.CommitAsync(order, decision, inbox, ct))
                {
                    case CommitResult.Committed:
                        _order = StateAfter(decision) ?? order;
                        LogCommitted(incoming.MessageId, decision.GetType().Name, _order?.Version ?? 0, _order?.Status);
                        return MessageOutcome.Ack;

                    case CommitResult.AlreadyProcessed:
                        // Not simply acked: a submit-order with other content under the same order id
                        // has the same message id, and must still be dead-lettered. Deciding again on
                        // fresh state tells the two apart.
                        alreadyProcessed = true;
                        break;

                    case CommitResult.ConcurrencyConflict:
                        LogLostRace(incoming.MessageId, attempt);
                        break;
                }

                _order = null;
            }

            return MessageOutcome.Retry($"order {EntityId} changed under {MaxDecisionAttempts} decisions in a row");
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            _order = null;
            LogTransientFailure(ex, incoming.MessageId);
            return MessageOutcome.Retry($"database unavailable: {ex.Message}", ex);
        }
    }

    private MessageOutcome UnhandledMessage(object message)
    {
        var reason = $"order-service does not handle {message.GetType().Name} messages";
        LogDeadLetter(message.GetType().Name, reason);
        return MessageOutcome.DeadLetter(reason);
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

    /// <summary>Failures that go away by themselves (connection refused or lost, server restarting, timeouts).</summary>
    private static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or TimeoutException or System.Net.Sockets.SocketException)
            {
                return true;
            }
        }

        return false;
    }

    private IDisposable? BeginMessageScope<T>(Incoming<T> incoming)
        where T : class =>
        // A message-template scope: structured fields for log sinks, readable text on the console.
        logger.BeginScope(
            "Order {OrderId} {Subject} #{StreamSequence} delivery {Delivered}",
            EntityId, incoming.Subject, incoming.Delivery.StreamSequence, incoming.Delivery.NumDelivered);
}
