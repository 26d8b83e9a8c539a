using System.Collections.Concurrent;

namespace Orders.Entities.Tests.Support;

/// <summary>What the test entities did, per entity id: incarnations started and stopped, messages handled in order.</summary>
public sealed class Journal
{
    private readonly ConcurrentDictionary<string, int> _started = new();
    private readonly ConcurrentDictionary<string, int> _stopped = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _handled = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holding = new();

    public int Started(string entityId) => _started.GetValueOrDefault(entityId);

    public int Stopped(string entityId) => _stopped.GetValueOrDefault(entityId);

    public int TotalStarted => _started.Values.Sum();

    public IReadOnlyList<int> Handled(string entityId) => _handled.TryGetValue(entityId, out var q) ? [.. q] : [];

    /// <summary>Completes when the entity has started handling a <see cref="Hold"/> message.</summary>
    public Task Holding(string entityId) => _holding.GetOrAdd(entityId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    internal int OnStarted(string entityId) => _started.AddOrUpdate(entityId, 1, (_, n) => n + 1);

    internal void OnStopped(string entityId) => _stopped.AddOrUpdate(entityId, 1, (_, n) => n + 1);

    internal void OnHandled(string entityId, int sequence) => _handled.GetOrAdd(entityId, _ => new()).Enqueue(sequence);

    internal void OnHolding(string entityId) =>
        _holding.GetOrAdd(entityId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
