using Orders.Actors.Supervision;

namespace Orders.Actors.Entities;

/// <summary>Settings of one entity region; change with <c>with</c>.</summary>
public sealed record EntityRegionOptions
{
    /// <summary>Entities idle this long are passivated (checked every quarter of it); null keeps them.</summary>
    public TimeSpan? PassivateAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Upper bound on live entities; beyond it the least recently used idle ones are passivated.
    /// Eviction runs in the background, so the bound may be exceeded briefly by entities being created.
    /// Null means unbounded.
    /// </summary>
    public int? MaxLiveEntities { get; init; } = 100_000;

    /// <summary>Create each incarnation from a DI scope of its own (disposed when it stops or restarts).</summary>
    public bool ScopePerIncarnation { get; init; } = true;

    /// <summary>Supervision of the entities; the system's when null.</summary>
    public SupervisionOptions? Supervision { get; init; }
}
