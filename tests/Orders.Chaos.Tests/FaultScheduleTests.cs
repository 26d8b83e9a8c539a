namespace Orders.Chaos.Tests;

/// <summary>The fault schedule is a function of the seed and the switches (what makes <c>--seed</c> repeat a run).</summary>
public sealed class FaultScheduleTests
{
    private static readonly string[] Instances =
        ["order-service-1", "order-service-2", "payment-service-1", "payment-service-2", "status-service-1", "status-service-2"];

    [Fact]
    public void Plan_SameSeed_SameSchedule()
    {
        var options = new ChaosOptions { Seed = 77 };

        var first = FaultSchedule.Plan(options, Instances);
        var second = FaultSchedule.Plan(options, Instances);

        Assert.Equal(first.Faults, second.Faults);
    }

    [Fact]
    public void Plan_DefaultSwitches_EveryFaultOnceInTimeOrderWithinTheWindow()
    {
        var options = new ChaosOptions { Seed = 5, Kills = 3, Duration = TimeSpan.FromSeconds(60) };

        var faults = FaultSchedule.Plan(options, Instances).Faults;

        Assert.Equal(3, faults.Count(f => f.Kind == FaultKind.Kill));
        Assert.Single(faults, f => f.Kind == FaultKind.Stop);
        Assert.Single(faults, f => f.Kind == FaultKind.NatsRestart);
        Assert.Single(faults, f => f.Kind == FaultKind.PostgresRestart);
        Assert.Equal(faults.OrderBy(f => f.At), faults);
        Assert.All(faults, f => Assert.InRange(f.At, TimeSpan.Zero, options.FaultWindow));
        Assert.All(faults.Where(f => f.Kind is FaultKind.Kill or FaultKind.Stop), f => Assert.Contains(f.Instance, Instances));
    }

    [Fact]
    public void Plan_FaultsSwitchedOff_NoFaults()
    {
        var options = new ChaosOptions { Kills = 0, GracefulStop = false, NatsRestart = false, PostgresRestart = false };

        Assert.Empty(FaultSchedule.Plan(options, Instances).Faults);
    }
}
