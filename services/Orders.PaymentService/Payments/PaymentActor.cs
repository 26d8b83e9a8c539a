using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.Actors.Entities;
using Orders.Contracts;
using Orders.Messaging.Pipeline;
using Orders.PaymentService.Domain;
using Orders.PaymentService.Gateway;
using Orders.Messaging.Persistence;
using Orders.PaymentService.Persistence;

namespace Orders.PaymentService.Payments;

/// <summary>
/// The payment of one order (entity id = order id): handles its <c>orders.created</c> and
/// <c>orders.cancelled</c> one at a time, decides with <see cref="PaymentDecider"/>, and replies the
/// <see cref="MessageOutcome"/> the pipeline acks, naks or dead-letters by.
/// <para>
/// Several instances of the service may hold an actor for the same order at once (JetStream spreads
/// the messages over the queue group), so the cached state is only a guess: every write is versioned,
/// and a lost race reloads. A charge is split around the gateway call: the intention is stored first
/// (so a cancellation handled meanwhile, anywhere, sees a charge under way), then the gateway is called
/// with the payment id as idempotency key, then its answer is applied to the state as it is
/// <em>then</em>; after a lost race that answer is re-applied to the reloaded state, never re-decided.
/// </para>
/// </summary>
internal sealed partial class PaymentActor(
    PaymentStore store,
    IPaymentGateway gateway,
    IOptions<PaymentOptions> options,
    TimeProvider timeProvider,
    ILogger<PaymentActor> logger) : EntityActor
{
    private readonly PaymentOptions _options = options.Value;

    // What this incarnation last read or wrote; null after a lost race (reload on next use).
    private StoredPayment? _cached;
    private bool _cacheValid;

    protected override async ValueTask ReceiveAsync(object message)
    {
        switch (message)
        {
            case Incoming<OrderCreated> created:
                Reply(await HandleAsync(created, HandleCreatedAsync).ConfigureAwait(false));
                break;
            case Incoming<OrderCancelled> cancelled:
                Reply(await HandleAsync(cancelled, HandleCancelledAsync).ConfigureAwait(false));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private async ValueTask<MessageOutcome> HandleAsync<T>(Incoming<T> incoming, Func<Incoming<T>, ValueTask<MessageOutcome>> handle)
        where T : class, IOrderEvent
    {
        // A message-template scope: structured fields for log sinks, readable text on the console.
        using var scope = logger.BeginScope(
            "Order {OrderId} {Subject} {MessageId} #{StreamSequence} delivery {NumDelivered}",
            EntityId, incoming.Subject, incoming.MessageId, incoming.Delivery.StreamSequence, incoming.Delivery.NumDelivered);

        try
        {
            var outcome = await handle(incoming).ConfigureAwait(false);
            LogOutcome(incoming.Subject, EntityId, incoming.Delivery.StreamSequence, incoming.Delivery.NumDelivered, outcome);
            return outcome;
        }
        catch (Exception ex) when (PaymentStore.IsTransient(ex))
        {
            // Database (or the gateway's ledger) unreachable: nothing was committed; try again later.
            _cacheValid = false;
            LogTransientError(ex, incoming.Subject, EntityId, incoming.Delivery.StreamSequence, incoming.Delivery.NumDelivered);
            return MessageOutcome.Retry($"transient error: {ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    private async ValueTask<MessageOutcome> HandleCreatedAsync(Incoming<OrderCreated> incoming)
    {
        for (var attempt = 1; attempt <= _options.MaxConcurrencyAttempts; attempt++)
        {
            var current = await LoadAsync().ConfigureAwait(false);
            var decision = PaymentDecider.Decide(current?.Payment, incoming.Message, _options.Policy, timeProvider.GetUtcNow());
            if (decision is PaymentDecision.Charge charge)
            {
                // The versioned write also proves the decision was made on the latest state: a
                // cancellation committed meanwhile by another instance makes it fail and we decide again.
                if (!await TrySaveAsync(current, charge.State).ConfigureAwait(false))
                {
                    continue;
                }

                return await ChargeAsync(incoming, charge.Request).ConfigureAwait(false);
            }

            if (await TryApplyAsync(incoming, current, decision).ConfigureAwait(false) is { } outcome)
            {
                return outcome;
            }
        }

        return LostTooManyRaces();
    }

    private async ValueTask<MessageOutcome> HandleCancelledAsync(Incoming<OrderCancelled> incoming)
    {
        for (var attempt = 1; attempt <= _options.MaxConcurrencyAttempts; attempt++)
        {
            var current = await LoadAsync().ConfigureAwait(false);
            var decision = PaymentDecider.Decide(current?.Payment, incoming.Message, timeProvider.GetUtcNow());
            if (await TryApplyAsync(incoming, current, decision).ConfigureAwait(false) is { } outcome)
            {
                return outcome;
            }
        }

        return LostTooManyRaces();
    }

    private async ValueTask<MessageOutcome> ChargeAsync(Incoming<OrderCreated> incoming, ChargeRequest request)
    {
        var answer = await gateway.ChargeAsync(request, CancellationToken.None).ConfigureAwait(false);

        // The answer is a fact now (the money is taken or not); only the state it applies to may move.
        for (var attempt = 1; attempt <= _options.MaxConcurrencyAttempts; attempt++)
        {
            var current = await LoadAsync().ConfigureAwait(false);
            var decision = PaymentDecider.ApplyGatewayOutcome(current?.Payment, request, answer, timeProvider.GetUtcNow());
            if (await TryApplyAsync(incoming, current, decision).ConfigureAwait(false) is { } outcome)
            {
                return outcome;
            }
        }

        // The capture is not recorded yet; the redelivery charges again with the same key, gets the
        // same capture back from the gateway, and records it then.
        return LostTooManyRaces();
    }

    /// <summary>Carries out a decision other than Charge; null when a race was lost (reload and try again).</summary>
    private async ValueTask<MessageOutcome?> TryApplyAsync<T>(Incoming<T> incoming, StoredPayment? current, PaymentDecision decision)
        where T : class
    {
        switch (decision)
        {
            case PaymentDecision.AlreadyApplied:
                return MessageOutcome.AlreadyApplied;
            case PaymentDecision.Ignore ignore:
                LogIgnored(EntityId, ignore.Why);
                return MessageOutcome.Ack;
            case PaymentDecision.Retry retry:
                return MessageOutcome.Retry(retry.Reason);
            case PaymentDecision.Record record:
                return await TryCommitAsync(incoming.MessageId, current, record.State, []).ConfigureAwait(false);
            case PaymentDecision.Emit emit:
                return await TryCommitAsync(incoming.MessageId, current, emit.State, emit.Events).ConfigureAwait(false);
            default:
                throw new InvalidOperationException($"Unexpected payment decision {decision.GetType().Name}.");
        }
    }

    private async ValueTask<MessageOutcome?> TryCommitAsync(
        string messageId, StoredPayment? current, Payment next, IReadOnlyList<IPaymentEvent> events)
    {
        var (result, written) = await store.CommitAsync(messageId, current, next, events).ConfigureAwait(false);
        switch (result)
        {
            case CommitResult.Committed:
                Remember(written);
                return MessageOutcome.Ack;
            case CommitResult.AlreadyProcessed:
                _cacheValid = false;
                return MessageOutcome.AlreadyApplied;
            default:
                _cacheValid = false;
                LogLostRace(EntityId);
                return null;
        }
    }

    private async ValueTask<bool> TrySaveAsync(StoredPayment? current, Payment next)
    {
        if (await store.TrySaveAsync(current, next).ConfigureAwait(false) is { } written)
        {
            Remember(written);
            return true;
        }

        _cacheValid = false;
        LogLostRace(EntityId);
        return false;
    }

    private async ValueTask<StoredPayment?> LoadAsync()
    {
        if (!_cacheValid)
        {
            _cached = await store.FindAsync(EntityId).ConfigureAwait(false);
            _cacheValid = true;
        }

        return _cached;
    }

    private void Remember(StoredPayment written)
    {
        _cached = written;
        _cacheValid = true;
    }

    private MessageOutcome LostTooManyRaces() =>
        MessageOutcome.Retry($"lost {_options.MaxConcurrencyAttempts} concurrency races in a row on payment of order {EntityId}");
}
