namespace Orders.StatusService.Domain;

/// <summary>What <see cref="StatusProjector"/> made of one order event.</summary>
public abstract record ProjectionResult
{
    private ProjectionResult()
    {
    }

    /// <summary>The event was next in sequence: store <see cref="View"/> (guarded by the previous version).</summary>
    public sealed record Applied(OrderView View) : ProjectionResult;

    /// <summary>The view already contains this version (a redelivery or duplicate): acknowledge.</summary>
    public sealed record AlreadyApplied : ProjectionResult
    {
        public static AlreadyApplied Instance { get; } = new();

        private AlreadyApplied()
        {
        }
    }

    /// <summary>
    /// An earlier version has not arrived yet (<see cref="Received"/> is more than one ahead of the
    /// view): nak with a delay so the event comes again after its predecessor.
    /// </summary>
    public sealed record Gap(int Expected, int Received) : ProjectionResult;

    /// <summary>The event does not change the read model (e.g. <c>orders.update-rejected</c>): acknowledge.</summary>
    public sealed record Unchanged : ProjectionResult
    {
        public static Unchanged Instance { get; } = new();

        private Unchanged()
        {
        }
    }

    /// <summary>The event contradicts the contract (e.g. a version 1 that is not <c>orders.created</c>): dead-letter it.</summary>
    public sealed record Invalid(string Reason) : ProjectionResult;
}
