namespace Orders.Messaging.Pipeline;

/// <summary>
/// Whether each consumer of this process is bound to its JetStream consumer right now, and since
/// when it is not: what the <c>consumers</c> health check reads. A consumer counts as unbound from
/// registration until its first successful bind.
/// </summary>
public sealed class ConsumerBindings(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Binding> _bindings = new(StringComparer.Ordinal);

    /// <summary>One consumer's state: bound, or unbound since <paramref name="Since"/> because of <paramref name="Reason"/>.</summary>
    public sealed record Binding(bool Bound, DateTimeOffset Since, string? Reason);

    /// <summary>Every consumer's state, by name (<c>STREAM/durable</c>).</summary>
    public IReadOnlyDictionary<string, Binding> Snapshot()
    {
        lock (_gate)
        {
            return new Dictionary<string, Binding>(_bindings, StringComparer.Ordinal);
        }
    }

    /// <summary>The consumer receives (again).</summary>
    public void Bound(string consumer) => Set(consumer, bound: true, reason: null);

    /// <summary>The consumer lost its binding, or has not got one yet; the first reason and time are kept.</summary>
    public void Unbound(string consumer, string reason) => Set(consumer, bound: false, reason);

    private void Set(string consumer, bool bound, string? reason)
    {
        lock (_gate)
        {
            if (_bindings.TryGetValue(consumer, out var current) && current.Bound == bound)
            {
                return;
            }

            _bindings[consumer] = new Binding(bound, clock.GetUtcNow(), reason);
        }
    }
}
