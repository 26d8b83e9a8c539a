using Orders.Testing.SystemUnderTest;
using Orders.Testing.SystemUnderTest.Workload;

namespace Orders.Chaos;

/// <summary>What a chaos run did and found.</summary>
/// <param name="Workload">What the workload sent and saw.</param>
/// <param name="Faults">The faults as injected.</param>
/// <param name="Figures">The services' pipeline counters over every instance lifetime.</param>
/// <param name="Invariants">PASS/FAIL per invariant.</param>
/// <param name="TimeToQuiet">From the end of the last fault until the system was quiet.</param>
/// <param name="LogDirectory">The service logs (kept when an invariant failed).</param>
public sealed record ChaosOutcome(
    WorkloadResult Workload,
    IReadOnlyList<InjectedFault> Faults,
    SystemFigures Figures,
    InvariantReport Invariants,
    TimeSpan TimeToQuiet,
    string LogDirectory);
