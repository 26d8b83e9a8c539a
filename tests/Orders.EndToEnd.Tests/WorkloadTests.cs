using System.Globalization;
using System.Text;
using Orders.Testing.SystemUnderTest.Workload;
using Orders.Testing.SystemUnderTest;
using Xunit.Abstractions;

namespace Orders.EndToEnd.Tests;

/// <summary>
/// The whole system under a 500-order workload: two instances of each service as separate
/// processes, everything published through the wire, every contract guarantee checked afterwards
/// on the streams and databases. Each test starts its own system (a fault must not leak into the next).
/// </summary>
public sealed class WorkloadTests(ITestOutputHelper output)
{
    private static readonly TimeSpan WorkloadTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan QuietTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan FaultStepTimeout = TimeSpan.FromSeconds(60);

    private static readonly OrdersSystemOptions SystemOptions = new();

    [Fact]
    public async Task Workload_TwoInstancesOfEachService_EveryInvariantHolds()
    {
        await using var system = await OrdersSystem.StartAsync(SystemOptions with { Output = output.WriteLine });
        var workload = OrderWorkload.Generate(new WorkloadOptions { Seed = 1121 });

        var result = await RunAsync(system, workload, injectFaults: null);

        await AssertInvariantsAsync(system, result, "Two instances of each service");
    }

    [Fact]
    public async Task Workload_OneInstanceOfEachServiceKilledMidRun_EveryInvariantHolds()
    {
        await using var system = await OrdersSystem.StartAsync(SystemOptions with { Output = output.WriteLine });
        var workload = OrderWorkload.Generate(new WorkloadOptions { Seed = 2112 });
        var victims = OrdersServiceType.All.Select(s => system.InstancesOf(s)[0]).ToList();

        var result = await RunAsync(system, workload, async runner =>
        {
            await runner.WhenCreatedAsync(workload.Orders.Count / 4).WaitAsync(FaultStepTimeout);
            output.WriteLine($"SIGKILL {string.Join(", ", victims.Select(v => v.Name))} at {runner.Created} orders created");
            await Task.WhenAll(victims.Select(v => v.KillAsync()));

            // The survivors carry on alone for a while before the victims come back.
            await runner.WhenCreatedAsync(workload.Orders.Count / 2).WaitAsync(FaultStepTimeout);
            output.WriteLine($"restarting them at {runner.Created} orders created");
            await Task.WhenAll(victims.Select(v => v.StartAsync()));
            output.WriteLine($"restarted at {runner.Created} orders created");
        });

        await AssertInvariantsAsync(system, result, "One instance of each service SIGKILLed mid-run and restarted");
    }

    private async Task<WorkloadResult> RunAsync(OrdersSystem system, OrderWorkload workload, Func<WorkloadRunner, Task>? injectFaults)
    {
        await using var runner = await WorkloadRunner.StartAsync(system, workload, output.WriteLine);
        if (injectFaults is not null)
        {
            await injectFaults(runner);
        }

        var result = await runner.CompleteAsync(WorkloadTimeout);
        await system.WaitForQuietAsync(QuietTimeout);
        return result;
    }

    private async Task AssertInvariantsAsync(OrdersSystem system, WorkloadResult result, string heading)
    {
        var report = await system.CheckInvariantsAsync(result.Expectations);
        var figures = await system.CollectFiguresAsync();
        var text = Figures(result, figures, report);
        output.WriteLine(text);
        FiguresFile.WriteSection(heading, text);

        Assert.True(report.AllPassed, "Invariants violated:" + Environment.NewLine + report);
        system.MarkPassed();
    }

    private static string Figures(WorkloadResult result, SystemFigures figures, InvariantReport report)
    {
        var total = figures.Total;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {(report.AllPassed ? "all invariants hold" : "INVARIANTS VIOLATED")}.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- orders: {result.Orders}; duplicates absorbed: {total.DuplicatesAbsorbed}; gaps nak'ed: {total.GapsNaked}; " +
            $"conflicts retried: {figures.ConflictsRetried}; redeliveries: {total.Redeliveries}; dead letters: {total.DeadLetters}");
        text.Append(result.ToMarkdown());
        text.AppendLine();
        text.AppendLine(figures.ToMarkdown());
        text.AppendLine(report.ToString());
        return text.ToString();
    }
}
