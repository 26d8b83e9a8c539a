using System.Diagnostics;
using System.Globalization;
using NATS.Client.Core;
using Orders.Testing.SystemUnderTest;
using Orders.Testing.SystemUnderTest.Workload;

namespace Orders.Chaos;

/// <summary>
/// One chaos run: starts the system, drives the seeded workload through the wire while the seeded
/// fault schedule runs, waits until every order is final and the system is quiet, then checks
/// every invariant and prints the figures. Returns the process exit code.
/// </summary>
public static class ChaosRun
{
    /// <summary>Every invariant held.</summary>
    public const int Passed = 0;

    /// <summary>At least one invariant was violated (the report names it).</summary>
    public const int InvariantsViolated = 1;

    /// <summary>The run itself failed (the system did not start, the workload or the quiet wait timed out).</summary>
    public const int RunFailed = 2;

    /// <summary>Runs <paramref name="options"/>, reporting to <paramref name="output"/>.</summary>
    public static async Task<int> RunAsync(ChaosOptions options, TextWriter output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var log = Synchronized(output);

        log($"chaos run: seed {options.Seed}, {options.Orders} orders at {options.Rate}/s, fault window {options.FaultWindow.TotalSeconds:0.0}s, " +
            $"gateway transient failure rate {options.GatewayFailureRate.ToString(CultureInfo.InvariantCulture)}");
        var systemOptions = new OrdersSystemOptions
        {
            Settings = new Dictionary<string, IReadOnlyDictionary<string, string>>
            {
                [OrdersServiceType.Payment.Name] = new Dictionary<string, string>
                {
                    ["Payments:Gateway:TransientFailureRate"] = options.GatewayFailureRate.ToString(CultureInfo.InvariantCulture),
                },
            },
            KeepLogs = options.KeepLogs,
            Output = log,
        };

        OrdersSystem system;
        try
        {
            system = await OrdersSystem.StartAsync(systemOptions, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log($"FAIL: the system did not start: {ex.Message}");
            return RunFailed;
        }

        await using (system)
        {
            var schedule = FaultSchedule.Plan(options, system.Instances.Select(i => i.Name).ToList());
            log($"fault schedule (seed {options.Seed}):{Environment.NewLine}{schedule}");
            try
            {
                var outcome = await DriveAsync(system, options, schedule, log, ct);
                output.WriteLine();
                output.WriteLine(ChaosReport.ToMarkdown(options, outcome));
                if (outcome.Invariants.AllPassed)
                {
                    system.MarkPassed();
                    return Passed;
                }

                return InvariantsViolated;
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or NatsException)
            {
                log($"FAIL (seed {options.Seed}): {ex.GetType().Name}: {ex.Message}");
                return RunFailed;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                log($"cancelled (seed {options.Seed}); stopping every process");
                return RunFailed;
            }
        }
    }

    private static async Task<ChaosOutcome> DriveAsync(OrdersSystem system, ChaosOptions options, FaultSchedule schedule, Action<string> log, CancellationToken ct)
    {
        var workload = OrderWorkload.Generate(new WorkloadOptions { Orders = options.Orders, Seed = options.Seed, SubmitsPerSecond = options.Rate });
        WorkloadResult result;
        InjectedFault[] injected;
        TimeSpan faultsEnded;
        var clock = Stopwatch.StartNew();
        await using (var runner = await WorkloadRunner.StartAsync(system, workload, log, ct))
        {
            injected = await InjectAsync(system, schedule, clock, log, ct);
            faultsEnded = clock.Elapsed;
            log($"faults over at t+{faultsEnded.TotalSeconds:0.0}s; waiting for every order to be final ({runner.Final}/{options.Orders} now)");
            result = await runner.CompleteAsync(options.CompletionTimeout, ct);
        }

        await system.WaitForQuietAsync(options.QuietTimeout, ct);
        var quietAt = clock.Elapsed;
        log($"quiet at t+{quietAt.TotalSeconds:0.0}s; checking the invariants");
        var invariants = await system.CheckInvariantsAsync(result.Expectations, ct);
        if (options.NatsStoreLoss)
        {
            // Its own phase, after the checks above: the loss takes the streams those checks read.
            var storeLoss = await StoreLoss.RunAsync(system, new StoreLossOptions { Seed = options.Seed + 7 }, log, ct);
            invariants = new InvariantReport([.. invariants.Results, .. storeLoss.Invariants.Results.Select(r => r with { Name = "after store loss: " + r.Name })]);
        }

        var figures = await system.CollectFiguresAsync(ct);
        return new ChaosOutcome(result, injected, figures, invariants, quietAt - faultsEnded, system.LogDirectory);
    }

    /// <summary>
    /// Runs the schedule on time. A killed or stopped instance comes back in the background (a
    /// restart takes a while on a busy machine, and the next fault should not wait for it), except
    /// that a fault on an instance still coming back waits for it, and the server restarts wait for
    /// every instance to be back (so a start never races a broker or database that is down, which
    /// would test the harness's start timeout rather than the system).
    /// </summary>
    private static async Task<InjectedFault[]> InjectAsync(OrdersSystem system, FaultSchedule schedule, Stopwatch clock, Action<string> log, CancellationToken ct)
    {
        var injector = new FaultInjector(system, log);
        var restarting = new Dictionary<string, Task<InjectedFault>>(StringComparer.Ordinal);
        var all = new List<Task<InjectedFault>>();
        foreach (var fault in schedule.Faults)
        {
            var wait = fault.At - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct); // a schedule, not a wait for a condition
            }

            if (fault.Instance is { } victim)
            {
                if (restarting.TryGetValue(victim, out var earlier))
                {
                    await earlier;
                }

                var injection = injector.InjectAsync(fault, clock, ct);
                restarting[victim] = injection;
                all.Add(injection);
            }
            else
            {
                await Task.WhenAll(restarting.Values);
                var injection = injector.InjectAsync(fault, clock, ct);
                all.Add(injection);
                await injection;
            }
        }

        return await Task.WhenAll(all);
    }

    private static Action<string> Synchronized(TextWriter output)
    {
        var gate = new Lock();
        return line =>
        {
            lock (gate)
            {
                output.WriteLine(line);
            }
        };
    }
}
