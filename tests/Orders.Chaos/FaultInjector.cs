using System.Diagnostics;
using Orders.Testing.SystemUnderTest;

namespace Orders.Chaos;

/// <summary>A fault as it happened.</summary>
/// <param name="Planned">The planned fault.</param>
/// <param name="StartedAt">When it began, from the first submit.</param>
/// <param name="RecoveredAt">When the victim was back (healthy instance, server accepting connections).</param>
/// <param name="Note">What was seen (e.g. the exit code of a stopped instance).</param>
public sealed record InjectedFault(PlannedFault Planned, TimeSpan StartedAt, TimeSpan RecoveredAt, string Note);

/// <summary>Applies planned faults to a running system through the harness (PIDs it started, servers it owns).</summary>
internal sealed class FaultInjector(OrdersSystem system, Action<string> log)
{
    public async Task<InjectedFault> InjectAsync(PlannedFault fault, Stopwatch clock, CancellationToken ct)
    {
        var started = clock.Elapsed;
        log($"fault t+{started.TotalSeconds:0.0}s: {fault}");
        var note = "";
        switch (fault.Kind)
        {
            case FaultKind.Kill:
            case FaultKind.Stop:
                var instance = system.Instances.Single(i => i.Name == fault.Instance);
                if (fault.Kind == FaultKind.Kill)
                {
                    await instance.KillAsync(ct);
                }
                else
                {
                    var stopping = Stopwatch.StartNew();
                    await instance.StopAsync(ct);
                    note = $"stopped in {stopping.Elapsed.TotalSeconds:0.0}s";
                }

                await Task.Delay(fault.Downtime, ct); // the planned downtime
                await instance.StartAsync(ct);
                break;

            case FaultKind.NatsRestart:
                await system.Nats.RestartAsync(ct);
                break;

            case FaultKind.PostgresRestart:
                await system.Postgres.RestartAsync(ct);
                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault.Kind, "Unknown fault kind.");
        }

        var recovered = clock.Elapsed;
        log($"recovered t+{recovered.TotalSeconds:0.0}s: {fault.Kind} {fault.Instance} {note}".TrimEnd());
        return new InjectedFault(fault, started, recovered, note);
    }
}
