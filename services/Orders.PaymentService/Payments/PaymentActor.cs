using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orders.Contracts;
using Orders.Messaging.Entities;
using Orders.Messaging.Persistence;
using Orders.Messaging.Pipeline;
using Orders.PaymentService.Domain;
using Orders.PaymentService.Gateway;
using Orders.PaymentService.Persistence;

namespace Orders.PaymentService.Payments;

/// <summary>
/// The payment of one order (entity id = order id), in the shape every entity shares
/// (<see cref="EntityActor{TState, TChange}"/>): handles its <c>orders.created</c> and
/// <c>orders.cancelled</c> one at a time, decides with the pure <see cref="PaymentDecider"/>, and
/// replies the <see cref="MessageOutcome"/> the pipeline acks, naks or dead-letters by.
/// <para>
/// A charge is two committed steps around the gateway call: the intention is stored first (so a
/// cancellation handled meanwhile, anywhere, sees a charge under way), then the gateway is called
/// with the payment id as idempotency key, then its answer is applied to the state as it is
/// <em>then</em>; after a lost race that answer is re-applied to the reloaded state, never re-decided
/// (it is kept in <see cref="EntityAttempt.Progress"/>). If the answer cannot be recorded within the
/// attempts, the redelivery charges again with the same key, gets the same capture back from the
/// gateway, and records it then.
/// </para>
/// </summary>
internal sealed class PaymentActor(EntityRuntime runtime, IOptions<PaymentOptions> options, TimeProvider timeProvider)
    : EntityActor<StoredPayment, PaymentWrite>(runtime)
{
    private readonly PaymentPolicy _policy = options.Value.Policy;

    /// <inheritdoc />
    /// <remarks>
    /// A creation normally finds no payment: its first commit (the charge intention, or a decline)
    /// inserts the row, which loses on the key if the payment exists, before any gateway call.
    /// </remarks>
    protected override bool CreatesEntity(IIncoming incoming) => incoming.Message is OrderCreated;

    /// <inheritdoc />
    protected override async ValueTask<StoredPayment?> LoadAsync(string entityId, IServiceProvider services, CancellationToken ct) =>
        await services.GetRequiredService<PaymentStore>().FindAsync(entityId, ct).ConfigureAwait(true);

    /// <inheritdoc />
    protected override async ValueTask<EntityDecision<StoredPayment, PaymentWrite>> DecideAsync(
        string entityId, StoredPayment? state, IIncoming incoming, EntityAttempt attempt, IServiceProvider services, CancellationToken ct)
    {
        var now = timeProvider.GetUtcNow();
        switch (attempt.Progress)
        {
            case ChargeRequest request:
                // The intention is stored: call the gateway once; its answer is a fact from now on.
                var answer = await services.GetRequiredService<IPaymentGateway>().ChargeAsync(request, ct).ConfigureAwait(true);
                attempt.Progress = new GatewayAnswer(request, answer);
                return Carry(PaymentDecider.ApplyGatewayOutcome(state?.Payment, request, answer, now));

            case GatewayAnswer known:
                return Carry(PaymentDecider.ApplyGatewayOutcome(state?.Payment, known.Request, known.Outcome, now));
        }

        var decision = incoming.Message switch
        {
            OrderCreated created => PaymentDecider.Decide(state?.Payment, created, _policy, now),
            OrderCancelled cancelled => PaymentDecider.Decide(state?.Payment, cancelled, now),
            _ => null,
        };

        return decision switch
        {
            null => Unknown(incoming),
            PaymentDecision.Charge charge => CommitStep(new PaymentWrite(charge.State, [], CompletesMessage: false), charge.Request),
            _ => Carry(decision),
        };
    }

    /// <inheritdoc />
    protected override async ValueTask<EntityCommit<StoredPayment>> CommitAsync(
        string entityId, StoredPayment? state, EntityDecision<StoredPayment, PaymentWrite>.Commit commit, IIncoming incoming, IServiceProvider services, CancellationToken ct)
    {
        var store = services.GetRequiredService<PaymentStore>();
        var write = commit.Change;
        if (!write.CompletesMessage)
        {
            // A step (the charge intention): versioned, but no inbox row; the message is not done yet.
            return await store.TrySaveAsync(state, write.Next, ct).ConfigureAwait(true) is { } saved
                ? new EntityCommit<StoredPayment>(CommitResult.Committed, saved)
                : new EntityCommit<StoredPayment>(CommitResult.ConcurrencyConflict, null);
        }

        var (result, written) = await store.CommitAsync(incoming.MessageId, state, write.Next, write.Events, ct).ConfigureAwait(true);
        return new EntityCommit<StoredPayment>(result, result == CommitResult.Committed ? written : null);
    }

    /// <summary>Carries out a decision other than Charge.</summary>
    private static EntityDecision<StoredPayment, PaymentWrite> Carry(PaymentDecision decision) => decision switch
    {
        PaymentDecision.AlreadyApplied => Answer(MessageOutcome.AlreadyApplied),
        PaymentDecision.Ignore => Answer(MessageOutcome.Ack),
        PaymentDecision.Retry retry => Answer(MessageOutcome.Retry(retry.Reason)),
        PaymentDecision.Record record => Commit(new PaymentWrite(record.State, [], CompletesMessage: true), MessageOutcome.Ack),
        PaymentDecision.Emit emit => Commit(new PaymentWrite(emit.State, emit.Events, CompletesMessage: true), MessageOutcome.Ack),
        _ => throw new InvalidOperationException($"Unexpected payment decision {decision.GetType().Name}."),
    };

    private sealed record GatewayAnswer(ChargeRequest Request, GatewayOutcome Outcome);
}

/// <summary>What a payment commit writes: the next state, the events for the outbox, and whether it completes the message (inbox row).</summary>
internal sealed record PaymentWrite(Payment Next, IReadOnlyList<IPaymentEvent> Events, bool CompletesMessage);
