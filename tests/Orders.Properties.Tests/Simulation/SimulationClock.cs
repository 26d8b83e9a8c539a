namespace Orders.Properties.Tests.Simulation;

/// <summary>
/// One fixed instant for every decision: the rules take the time as an argument, and comparing a
/// schedule with in-order delivery must not depend on when each step happened to run.
/// </summary>
internal static class SimulationClock
{
    public static readonly DateTimeOffset Now = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
}
