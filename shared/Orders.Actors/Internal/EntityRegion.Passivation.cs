using System.Diagnostics;

namespace Orders.Actors.Internal;

/// <summary>
/// Passivation of idle entities (a periodic sweep, not a timer per entity, which would cost memory per
/// idle actor) and eviction of the least recently used ones beyond <c>MaxLiveEntities</c>.
/// </summary>
internal partial class EntityRegion
{
    private ITimer? _sweepTimer;
    private int _sweeping;
    private int _evicting;
    private int _pendingPassivations;

    public void OnPassivationRequested() => Interlocked.Increment(ref _pendingPassivations);

    public void OnPassivationHandled() => Interlocked.Decrement(ref _pendingPassivations);

    public void OnEntityPassivated() => _system.Metrics.RecordPassivation(this);

    private void StartPassivationSweeps()
    {
        if (Options.PassivateAfter is null && Options.MaxLiveEntities is null)
        {
            return;
        }

        // A quarter of the idle time: an entity is passivated between 1x and 1.25x PassivateAfter.
        var period = TimeSpan.FromTicks(Math.Clamp(
            (Options.PassivateAfter ?? TimeSpan.FromSeconds(30)).Ticks / 4,
            TimeSpan.FromMilliseconds(10).Ticks,
            TimeSpan.FromSeconds(30).Ticks));
        _sweepTimer = _system.Options.TimeProvider.CreateTimer(
            static state => ((EntityRegion)state!).Sweep(), this, period, period);
    }

    private void StopPassivationSweeps() => _sweepTimer?.Dispose();

    private void Sweep()
    {
        if (_closed || Interlocked.CompareExchange(ref _sweeping, 1, 0) != 0)
        {
            return; // the previous sweep is still running
        }

        try
        {
            if (Options.PassivateAfter is { } idle)
            {
                var idleSince = Stopwatch.GetTimestamp() - (long)(idle.TotalSeconds * Stopwatch.Frequency);
                foreach (var (_, cell) in _entities)
                {
                    if (cell.LastActive <= idleSince && cell.IsIdle)
                    {
                        cell.RequestPassivation();
                    }
                }
            }

            EvictIfOverLimit();
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    private int Excess => Options.MaxLiveEntities is { } max
        ? Volatile.Read(ref _live) - Volatile.Read(ref _pendingPassivations) - max
        : 0;

    private void EvictIfOverLimit()
    {
        if (Excess > 0 && Interlocked.CompareExchange(ref _evicting, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static region => region.EvictLeastRecentlyUsed(), this, preferLocal: false);
        }
    }

    /// <summary>
    /// Passivates the least recently active entities: the excess plus 5% of the limit, so that a
    /// stream of new ids triggers one O(n log k) scan per many activations rather than one each.
    /// </summary>
    private void EvictLeastRecentlyUsed()
    {
        try
        {
            var excess = Excess;
            if (excess <= 0)
            {
                return;
            }

            var count = excess + Math.Max(1, Options.MaxLiveEntities!.Value / 20);
            var mostRecentFirst = Comparer<long>.Create(static (a, b) => b.CompareTo(a));
            var oldest = new PriorityQueue<ActorCell, long>(count, mostRecentFirst);
            foreach (var (_, cell) in _entities)
            {
                if (cell.IsPassivationRequested)
                {
                    continue;
                }

                var lastActive = cell.LastActive;
                if (oldest.Count < count)
                {
                    oldest.Enqueue(cell, lastActive);
                }
                else if (oldest.TryPeek(out _, out var newestKept) && lastActive < newestKept)
                {
                    oldest.DequeueEnqueue(cell, lastActive);
                }
            }

            while (oldest.TryDequeue(out var cell, out _))
            {
                cell.RequestPassivation();
            }
        }
        finally
        {
            Volatile.Write(ref _evicting, 0);
        }
    }
}
