using System.CommandLine;
using System.Globalization;

namespace Orders.Chaos;

/// <summary>The command line of the chaos run (also what the test calls, with its own output).</summary>
public static class ChaosCommand
{
    /// <summary>Parses <paramref name="args"/>, runs, and returns the exit code (see <see cref="ChaosRun"/>).</summary>
    public static Task<int> InvokeAsync(string[] args, TextWriter output, CancellationToken ct = default)
    {
        var defaults = new ChaosOptions();
        var orders = new Option<int>("--orders") { Description = "Orders submitted.", DefaultValueFactory = _ => defaults.Orders };
        var rate = new Option<int>("--rate") { Description = "Submits per second.", DefaultValueFactory = _ => defaults.Rate };
        var seed = new Option<int?>("--seed") { Description = "Seed of the workload and the fault schedule (default: a new one, printed)." };
        var duration = new Option<double?>("--duration") { Description = "Fault window in seconds (default: orders / rate)." };
        var kills = new Option<int>("--kills") { Description = "SIGKILLs of a random instance.", DefaultValueFactory = _ => defaults.Kills };
        var noKill = new Option<bool>("--no-kill") { Description = "No SIGKILL and no SIGTERM of service instances." };
        var noNats = new Option<bool>("--no-nats-restart") { Description = "No nats-server restart." };
        var noPostgres = new Option<bool>("--no-pg-restart") { Description = "No PostgreSQL restart." };
        var storeLoss = new Option<bool>("--nats-store-loss") { Description = "Afterwards, wipe nats-server's store with orders in flight and check what can still be promised." };
        var gateway = new Option<double>("--gateway-failure-rate")
        {
            Description = "payment-service Payments:Gateway:TransientFailureRate.",
            DefaultValueFactory = _ => defaults.GatewayFailureRate,
        };
        var keepLogs = new Option<bool>("--keep-logs") { Description = "Keep the service logs of a passing run." };

        var command = new RootCommand("Chaos run of the Orders system: seeded workload, seeded faults, then every invariant checked.")
        {
            orders, rate, seed, duration, kills, noKill, noNats, noPostgres, storeLoss, gateway, keepLogs,
        };
        command.SetAction((parse, token) =>
        {
            var noInstanceFaults = parse.GetValue(noKill);
            var options = defaults with
            {
                Orders = parse.GetValue(orders),
                Rate = parse.GetValue(rate),
                Seed = parse.GetValue(seed) ?? Random.Shared.Next(1, 1_000_000),
                Duration = parse.GetValue(duration) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                Kills = noInstanceFaults ? 0 : parse.GetValue(kills),
                GracefulStop = !noInstanceFaults,
                NatsRestart = !parse.GetValue(noNats),
                PostgresRestart = !parse.GetValue(noPostgres),
                NatsStoreLoss = parse.GetValue(storeLoss),
                GatewayFailureRate = parse.GetValue(gateway),
                KeepLogs = parse.GetValue(keepLogs),
            };
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"orders-chaos --seed {options.Seed} (pass it again to repeat this run's workload and fault schedule)"));
            return ChaosRun.RunAsync(options, output, token);
        });

        return command.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output }, ct);
    }
}
