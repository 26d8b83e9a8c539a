using Microsoft.Extensions.Logging;
using Orders.Messaging.Persistence;
using Orders.Messaging.Pipeline;

namespace Orders.Messaging.Entities;

/// <summary>
/// The one shape of every entity actor (order-service's orders, payment-service's payments,
/// status-service's views): load the state, decide with the service's pure decider, commit guarded by
/// the version decided on, and on a lost race reload and decide again. One rule for all of them:
/// <list type="bullet">
/// <item>at most <see cref="MaxDecisionAttempts"/> decisions per message; a message that loses that
/// many races in a row is answered <see cref="MessageOutcome.Retry"/> (JetStream brings it back after a back-off);</item>
/// <item>a commit that finds the message id in the inbox is not simply acked: the entity reloads and decides
/// again, and a decision that would still change something is answered <see cref="MessageOutcome.AlreadyApplied"/>
/// (so a conflicting message under the same id is still told apart);</item>
/// <item>an absent entity is never cached (another instance may create it any time);</item>
/// <item>a message that creates its entity (<see cref="CreatesEntity"/>) is decided, with nothing cached,
/// on "absent" without reading the database; only a commit is trusted on that guess (its insert loses on
/// the key if the entity exists after all), any other decision is made again on loaded state;</item>
/// <item>failures: see <see cref="EntityActor"/>;</item>
/// <item>an <see cref="Incoming{TMessage}"/> of a type the entity has no case for is dead-lettered
/// (<see cref="Unknown"/>): it can never succeed, and redelivering it only delays that end.</item>
/// </list>
/// The state is cached between messages; the database, not the cache, is the truth shared with the
/// service's other instances.
/// </summary>
/// <typeparam name="TState">The stored state (with its version).</typeparam>
/// <typeparam name="TChange">What a commit writes.</typeparam>
public abstract partial class EntityActor<TState, TChange> : EntityActor
    where TState : class
{
    /// <summary>Decisions per message before a run of lost races is handed back as a retry.</summary>
    public const int MaxDecisionAttempts = 5;

    private TState? _state;
    private bool _loaded;

    protected EntityActor(EntityRuntime runtime)
        : base(runtime)
    {
    }

    /// <summary>
    /// True when <paramref name="incoming"/> normally finds its entity absent (an order's creation): the
    /// first decision is then made on null without a load, saving a database round trip per entity.
    /// Only for messages whose commit on null state inserts the entity's row (so an existing entity makes
    /// that commit lose on the key, which reloads): a commit that writes no keyed row must not be guessed.
    /// </summary>
    protected virtual bool CreatesEntity(IIncoming incoming) => false;

    /// <summary>Reads the entity's state; null when it does not exist.</summary>
    protected abstract ValueTask<TState?> LoadAsync(string entityId, IServiceProvider services, CancellationToken ct);

    /// <summary>
    /// Decides <paramref name="incoming"/> on <paramref name="state"/> with the service's pure decider.
    /// Asynchronous only for an effect between two committed steps (a gateway call), never for I/O on state.
    /// </summary>
    protected abstract ValueTask<EntityDecision<TState, TChange>> DecideAsync(
        string entityId, TState? state, IIncoming incoming, EntityAttempt attempt, IServiceProvider services, CancellationToken ct);

    /// <summary>Writes a decided change with the inbox row of <paramref name="incoming"/> (if it completes the message) in one transaction.</summary>
    protected abstract ValueTask<EntityCommit<TState>> CommitAsync(
        string entityId, TState? state, EntityDecision<TState, TChange>.Commit commit, IIncoming incoming, IServiceProvider services, CancellationToken ct);

    /// <summary>Nothing to write: answer <paramref name="outcome"/>.</summary>
    protected static EntityDecision<TState, TChange> Answer(MessageOutcome outcome) => new EntityDecision<TState, TChange>.Answer(outcome);

    /// <summary>Write <paramref name="change"/>; once committed answer <paramref name="outcome"/>.</summary>
    protected static EntityDecision<TState, TChange> Commit(TChange change, MessageOutcome outcome) =>
        new EntityDecision<TState, TChange>.Commit(change, outcome);

    /// <summary>Write <paramref name="change"/> as one step; once committed decide again with <paramref name="progress"/> kept.</summary>
    protected static EntityDecision<TState, TChange> CommitStep(TChange change, object progress) =>
        new EntityDecision<TState, TChange>.Commit(change, null, progress);

    /// <summary>Reload the state and decide again.</summary>
    protected static EntityDecision<TState, TChange> Reload() => new EntityDecision<TState, TChange>.Reload();

    /// <summary>The rule for a message type the entity has no case for: dead-letter it.</summary>
    protected EntityDecision<TState, TChange> Unknown(IIncoming incoming)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        return Answer(MessageOutcome.DeadLetter($"{GetType().Name} does not handle {incoming.Message.GetType().Name} messages"));
    }

    /// <inheritdoc />
    protected sealed override async Task<MessageOutcome> HandleAsync(IIncoming incoming, IServiceProvider services)
    {
        // A message is finished once started (no cancellation): the transaction is short, and a
        // graceful shutdown waits for it.
        var ct = CancellationToken.None;
        var entityId = EntityId;
        var attempt = new EntityAttempt();
        while (attempt.Number < MaxDecisionAttempts)
        {
            attempt.Number++;
            var guessedAbsent = !_loaded && attempt.Number == 1 && CreatesEntity(incoming);
            attempt.FreshState = !_loaded && !guessedAbsent;
            if (guessedAbsent)
            {
                _state = null;
            }
            else if (!_loaded)
            {
                _state = await LoadAsync(entityId, services, ct).ConfigureAwait(true);
                _loaded = _state is not null;
            }

            var decision = await DecideAsync(entityId, _state, incoming, attempt, services, ct).ConfigureAwait(true);
            if (guessedAbsent && decision is not EntityDecision<TState, TChange>.Commit)
            {
                // Answers (duplicate, dead letter, ...) are only given on state read from the
                // database: the guess is checked by nothing but a commit's key.
                continue;
            }

            switch (decision)
            {
                case EntityDecision<TState, TChange>.Answer answer:
                    return answer.Outcome;

                case EntityDecision<TState, TChange>.Reload:
                    Forget();
                    continue;

                case EntityDecision<TState, TChange>.Commit when attempt.InboxHasMessage:
                    return MessageOutcome.AlreadyApplied;

                case EntityDecision<TState, TChange>.Commit commit:
                    var committed = await CommitAsync(entityId, _state, commit, incoming, services, ct).ConfigureAwait(true);
                    switch (committed.Result)
                    {
                        case CommitResult.Committed:
                            _state = committed.Stored;
                            _loaded = _state is not null;
                            if (commit.Outcome is { } outcome)
                            {
                                return outcome;
                            }

                            attempt.Progress = commit.Progress;
                            continue;

                        case CommitResult.AlreadyProcessed:
                            attempt.InboxHasMessage = true;
                            Forget();
                            continue;

                        default:
                            LogLostRace(Logger, entityId, incoming.MessageId, attempt.Number);
                            Forget();
                            continue;
                    }

                case var other:
                    throw new InvalidOperationException($"Unexpected entity decision {other}.");
            }
        }

        return MessageOutcome.Retry($"{entityId} changed under {MaxDecisionAttempts} decisions in a row");
    }

    /// <inheritdoc />
    protected override void OnFailed() => Forget();

    private void Forget()
    {
        _state = null;
        _loaded = false;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{EntityId}: {MessageId} lost race {Attempt}; reloading and deciding again")]
    private static partial void LogLostRace(ILogger logger, string entityId, string messageId, int attempt);
}
