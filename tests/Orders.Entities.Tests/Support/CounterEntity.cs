using Orders.Messaging.Entities;
using Orders.Messaging.Persistence;
using Orders.Messaging.Pipeline;

namespace Orders.Entities.Tests.Support;

/// <summary>A counter as stored: its value and the version a write must expect.</summary>
public sealed record Counter(int Value, int Version);

/// <summary>Adds <paramref name="Amount"/> to the counter.</summary>
public sealed record Add(int Amount);

/// <summary>Creates the counter at <paramref name="Value"/>: already there is a duplicate, a negative value a dead letter.</summary>
public sealed record Create(int Value);

/// <summary>
/// Stands in for the database the entities share across instances: a versioned row per counter, an
/// inbox of message ids, and hooks through which a test plays "another instance" between a load and
/// a commit, or makes the database fail.
/// </summary>
public sealed class CounterStore
{
    private readonly Dictionary<string, Counter> _rows = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inbox = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Called before each commit with the counter id; e.g. writes as another instance would.</summary>
    public Action<string>? BeforeCommit { get; set; }

    /// <summary>Throws this from the next load, once.</summary>
    public Exception? FailNextLoad { get; set; }

    public int Loads { get; private set; }

    public int Commits { get; private set; }

    public Counter? Find(string id)
    {
        lock (_lock)
        {
            return _rows.GetValueOrDefault(id);
        }
    }

    public Counter? Load(string id)
    {
        lock (_lock)
        {
            Loads++;
            if (FailNextLoad is { } failure)
            {
                FailNextLoad = null;
                throw failure;
            }

            return _rows.GetValueOrDefault(id);
        }
    }

    /// <summary>Another instance's write: adds <paramref name="amount"/> and bumps the version.</summary>
    public void WriteAsOtherInstance(string id, int amount)
    {
        lock (_lock)
        {
            var current = _rows.GetValueOrDefault(id);
            _rows[id] = new Counter((current?.Value ?? 0) + amount, (current?.Version ?? 0) + 1);
        }
    }

    public void MarkProcessed(string messageId)
    {
        lock (_lock)
        {
            _inbox.Add(messageId);
        }
    }

    public CommitResult Commit(string id, int expectedVersion, int value, string messageId)
    {
        BeforeCommit?.Invoke(id);
        lock (_lock)
        {
            Commits++;
            if (_inbox.Contains(messageId))
            {
                return CommitResult.AlreadyProcessed;
            }

            if ((_rows.GetValueOrDefault(id)?.Version ?? 0) != expectedVersion)
            {
                return CommitResult.ConcurrencyConflict;
            }

            _rows[id] = new Counter(value, expectedVersion + 1);
            _inbox.Add(messageId);
            return CommitResult.Committed;
        }
    }
}

/// <summary>An entity in the shared shape: load, decide (pure: add), commit guarded by the version.</summary>
public sealed class CounterEntity(EntityRuntime runtime, CounterStore store) : EntityActor<Counter, int>(runtime)
{
    protected override bool CreatesEntity(IIncoming incoming) => incoming.Message is Create;

    protected override ValueTask<Counter?> LoadAsync(string entityId, IServiceProvider services, CancellationToken ct) =>
        ValueTask.FromResult(store.Load(entityId));

    protected override ValueTask<EntityDecision<Counter, int>> DecideAsync(
        string entityId, Counter? state, IIncoming incoming, EntityAttempt attempt, IServiceProvider services, CancellationToken ct) =>
        ValueTask.FromResult(incoming.Message switch
        {
            Add add => Commit((state?.Value ?? 0) + add.Amount, MessageOutcome.Ack),
            Create { Value: < 0 } => Answer(MessageOutcome.DeadLetter("negative")),
            Create when state is not null => Answer(MessageOutcome.AlreadyApplied),
            Create create => Commit(create.Value, MessageOutcome.Ack),
            _ => Unknown(incoming),
        });

    protected override ValueTask<EntityCommit<Counter>> CommitAsync(
        string entityId, Counter? state, EntityDecision<Counter, int>.Commit commit, IIncoming incoming, IServiceProvider services, CancellationToken ct)
    {
        var version = state?.Version ?? 0;
        var result = store.Commit(entityId, version, commit.Change, incoming.MessageId);
        return ValueTask.FromResult(new EntityCommit<Counter>(result, new Counter(commit.Change, version + 1)));
    }
}
