using Orders.Configuration;
using Orders.Drivers;
using Orders.PushOrder.Output;
using Orders.PushOrder.Publishing;

namespace Orders.PushOrder.Commands;

/// <summary>What <c>push-order</c> does once its arguments are valid: connect, run with progress, print the summary.</summary>
internal static class PushOrderAction
{
    public static async Task<int> RunAsync(PushOrderOptions options, NatsOptions nats, bool json, DriverConsole console, CancellationToken ct)
    {
        var run = new PushOrderRun(options, nats);
        await using var connection = await DriverConnection.ConnectAsync(nats, "push-order", ct).ConfigureAwait(false);

        var running = run.RunAsync(connection, ct);
        await ProgressDisplay.ShowAsync(console, json, run.Counters, running).ConfigureAwait(false);
        var summary = await running.ConfigureAwait(false);

        if (json)
        {
            await console.Out.WriteLineAsync(SummaryFormatter.ToJson(summary)).ConfigureAwait(false);
        }
        else
        {
            foreach (var line in SummaryFormatter.ToText(summary))
            {
                await console.Out.WriteLineAsync(line).ConfigureAwait(false);
            }
        }

        return summary.ExitCode;
    }
}
