using Orders.Testing;
using Xunit.Abstractions;

namespace Orders.Chaos.Tests;

/// <summary>
/// A short chaos run through the program's own entry point: 500 orders, three SIGKILLs, one
/// SIGTERM, one nats-server and one PostgreSQL restart, a flaky payment gateway; every invariant
/// must hold (exit code 0). The seed is fixed so a failure is reproducible with the program. The
/// slow rate stretches the fault window (orders / rate, about 80 s) so the faults hit a system
/// under load even where an instance takes half a minute to start again.
/// </summary>
public sealed class ChaosRunTests(ITestOutputHelper output)
{
    private const string Seed = "1121";

    [RequiresLocalNatsServerFact]
    public async Task Run_ShortRunWithKillsAndRestarts_ExitsZero()
    {
        using var writer = new TestOutputWriter(output);
        string[] args =
        [
            "--orders", "500", "--rate", "6", "--seed", Seed, "--kills", "3", "--gateway-failure-rate", "0.1",
        ];

        var exitCode = await ChaosCommand.InvokeAsync(args, writer);

        Assert.True(exitCode == ChaosRun.Passed, $"The chaos run (seed {Seed}) exited with {exitCode}; see the table and the kept logs above.");
    }
}
