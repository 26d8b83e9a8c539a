namespace Orders.Testing.SystemUnderTest.Workload;

/// <summary>Size, mix and pace of an <see cref="OrderWorkload"/>. Change with <c>with</c>.</summary>
public sealed record WorkloadOptions
{
    /// <summary>Orders submitted.</summary>
    public int Orders { get; init; } = 500;

    /// <summary>Seed of every random choice: the same seed gives the same workload.</summary>
    public int Seed { get; init; } = 20261121;

    /// <summary>Bad messages (malformed, invalid, unknown status, conflicting resubmits), each must be dead-lettered.</summary>
    public int BadMessages { get; init; } = 20;

    /// <summary>Share of orders whose submit is sent twice (the second under a new <c>Nats-Msg-Id</c>).</summary>
    public double DuplicateSubmitShare { get; init; } = 0.1;

    /// <summary>Share of orders whose status updates are each sent twice with the same request id.</summary>
    public double DuplicateUpdateShare { get; init; } = 0.1;

    /// <summary>Submits per second (follow-up updates are sent as the events arrive).</summary>
    public int SubmitsPerSecond { get; init; } = 50;

    /// <summary>The decline limit of payment-service (<c>Payments:DeclineAbove</c>).</summary>
    public decimal DeclineAbove { get; init; } = 1000m;
}
