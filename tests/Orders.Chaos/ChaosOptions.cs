namespace Orders.Chaos;

/// <summary>What a chaos run does. Change with <c>with</c>; the command line sets every field.</summary>
public sealed record ChaosOptions
{
    /// <summary>Orders submitted.</summary>
    public int Orders { get; init; } = 500;

    /// <summary>Submits per second (follow-up updates are sent as the events arrive).</summary>
    public int Rate { get; init; } = 20;

    /// <summary>Seed of the workload and of the fault schedule: the same seed gives the same run plan.</summary>
    public int Seed { get; init; } = 20261121;

    /// <summary>Length of the fault window from the first submit; null means as long as the submits take (<see cref="Orders"/> / <see cref="Rate"/>).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>SIGKILLs of a random service instance (each restarted after a short downtime); 0 for none.</summary>
    public int Kills { get; init; } = 3;

    /// <summary>One SIGTERM (graceful stop) of a random instance and its restart.</summary>
    public bool GracefulStop { get; init; } = true;

    /// <summary>One nats-server restart with the same JetStream store.</summary>
    public bool NatsRestart { get; init; } = true;

    /// <summary>One PostgreSQL restart with the same data.</summary>
    public bool PostgresRestart { get; init; } = true;

    /// <summary>
    /// After the faulted run and its checks: nats-server loses its store with orders in flight (stopped,
    /// store deleted, started empty), then a second workload runs and the invariants that can still be
    /// promised are checked (<c>Orders.Testing.SystemUnderTest.StoreLoss</c>). Off by default.
    /// </summary>
    public bool NatsStoreLoss { get; init; }

    /// <summary>payment-service's <c>Payments:Gateway:TransientFailureRate</c> (0 for a reliable gateway).</summary>
    public double GatewayFailureRate { get; init; } = 0.1;

    /// <summary>How long the workload may take to bring every order to its final status once the faults stopped.</summary>
    public TimeSpan CompletionTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>How long the system may take to become quiet after the workload completed.</summary>
    public TimeSpan QuietTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Keep the service logs even when every invariant holds.</summary>
    public bool KeepLogs { get; init; }

    /// <summary>The fault window actually used.</summary>
    public TimeSpan FaultWindow => Duration ?? TimeSpan.FromSeconds(Math.Max(1.0, (double)Orders / Math.Max(1, Rate)));
}
