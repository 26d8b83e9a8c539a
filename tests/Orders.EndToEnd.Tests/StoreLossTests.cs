using Orders.Testing;
using Orders.Testing.SystemUnderTest;
using Xunit.Abstractions;

namespace Orders.EndToEnd.Tests;

/// <summary>
/// The broker loses its store while orders flow (<see cref="StoreLoss"/> says what can still be
/// promised and checks it; docs/architecture.md, "Losing the broker's store").
/// </summary>
public sealed class StoreLossTests(ITestOutputHelper output)
{
    [RequiresLocalNatsServerFact]
    public async Task Workload_NatsStoreWipedMidRun_StreamsComeBackAndLaterOrdersKeepEveryGuarantee()
    {
        await using var system = await OrdersSystem.StartAsync(new OrdersSystemOptions { Output = output.WriteLine });

        var outcome = await StoreLoss.RunAsync(system, new StoreLossOptions(), output.WriteLine);
        output.WriteLine(outcome.Invariants.ToString());

        Assert.True(outcome.Invariants.AllPassed, "Invariants violated after the store loss:" + Environment.NewLine + outcome.Invariants);
        system.MarkPassed();
    }
}
