using System.Globalization;
using System.Text;
using Orders.Testing.SystemUnderTest;
using Orders.Testing.Tracing;
using Orders.Testing.SystemUnderTest.Workload;
using Xunit.Abstractions;

namespace Orders.EndToEnd.Tests.Tracing;

/// <summary>
/// What tracing costs: the same workload through a fresh system (two instances of each service)
/// with tracing off, on without an exporter, and on exporting every span to a Zipkin collector;
/// figures are the services' CPU time (all six processes, from /proc) and the time until every
/// order is final. Minutes long, so it runs only with <c>ORDERS_TRACING_BENCHMARK=1</c>; the
/// figures go to the test output and docs/benchmarks.md quotes them.
/// </summary>
public sealed class TracingCostBenchmark(ITestOutputHelper output)
{
    private static readonly TimeSpan WorkloadTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan QuietTimeout = TimeSpan.FromSeconds(120);

    [TracingBenchmarkFact]
    public async Task Workload_TracingOffOnAndExported_CpuAndElapsedPerMode()
    {
        var orders = int.TryParse(Environment.GetEnvironmentVariable("ORDERS_TRACING_BENCHMARK_ORDERS"), CultureInfo.InvariantCulture, out var n) ? n : 1000;
        await using var collector = ZipkinCollector.Start();
        var modes = new (string Name, Dictionary<string, string> Settings)[]
        {
            ("off (Tracing:Enabled=false)", new() { ["Tracing:Enabled"] = "false" }),
            ("on, no exporter", new()),
            ("on, Zipkin export of every span", new() { ["Tracing:ZipkinEndpoint"] = collector.Endpoint }),
        };

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"| tracing | services' CPU s | CPU ms per order | until all {orders} final (s) | spans exported |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (name, settings) in modes)
        {
            var before = collector.Spans.Count;
            var (cpu, elapsed) = await RunAsync(orders, settings);
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {cpu:0.0} | {cpu * 1000 / orders:0.00} | {elapsed.TotalSeconds:0.0} | {collector.Spans.Count - before} |");
        }

        output.WriteLine(report.ToString());
    }

    private async Task<(double CpuSeconds, TimeSpan Elapsed)> RunAsync(int orders, Dictionary<string, string> settings)
    {
        await using var system = await OrdersSystem.StartAsync(new OrdersSystemOptions
        {
            Output = output.WriteLine,
            Settings = OrdersServiceType.All.ToDictionary(s => s.Name, IReadOnlyDictionary<string, string> (_) => settings),
        });
        var workload = OrderWorkload.Generate(new WorkloadOptions { Orders = orders, Seed = 1405, SubmitsPerSecond = 200 });
        var cpuBefore = CpuSeconds(system);
        await using var runner = await WorkloadRunner.StartAsync(system, workload, output.WriteLine);
        var result = await runner.CompleteAsync(WorkloadTimeout);
        await system.WaitForQuietAsync(QuietTimeout);
        var cpu = CpuSeconds(system) - cpuBefore;
        var report = await system.CheckInvariantsAsync(result.Expectations);
        Assert.True(report.AllPassed, report.ToString());
        system.MarkPassed();
        return (cpu, result.Elapsed);
    }

    /// <summary>User + system CPU time of every running service instance (fields 14 and 15 of /proc/pid/stat, in clock ticks of 1/100 s).</summary>
    private static double CpuSeconds(OrdersSystem system) => system.Instances.Sum(instance =>
    {
        if (instance.ProcessId is not { } pid)
        {
            return 0;
        }

        var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100;
    });
}

/// <summary>A fact that runs only when <c>ORDERS_TRACING_BENCHMARK=1</c>.</summary>
public sealed class TracingBenchmarkFactAttribute : FactAttribute
{
    public TracingBenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("ORDERS_TRACING_BENCHMARK") != "1")
        {
            Skip = "a benchmark of several minutes: set ORDERS_TRACING_BENCHMARK=1";
        }
    }
}
