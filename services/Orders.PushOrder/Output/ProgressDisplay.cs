using System.Diagnostics;
using Orders.Drivers;
using Orders.PushOrder.Publishing;
using Spectre.Console;

namespace Orders.PushOrder.Output;

/// <summary>
/// Shows a run's progress until it completes: live bars on a terminal (Spectre.Console), a plain
/// line per second otherwise (logs, CI, pipes), on stderr with <c>--json</c> so stdout stays JSON.
/// </summary>
internal static class ProgressDisplay
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LiveInterval = TimeSpan.FromMilliseconds(100);

    public static Task ShowAsync(DriverConsole console, bool json, RunCounters counters, Task run) =>
        console.IsTerminal && !json
            ? ShowLiveAsync(console.Out, counters, run)
            : ShowPlainAsync(json ? console.Error : console.Out, counters, run);

    private static async Task ShowPlainAsync(TextWriter output, RunCounters counters, Task run)
    {
        var started = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(PlainInterval);
        while (await Task.WhenAny(run, timer.WaitForNextTickAsync().AsTask()).ConfigureAwait(false) != run)
        {
            await output.WriteLineAsync(SummaryFormatter.ProgressLine(counters, Stopwatch.GetElapsedTime(started))).ConfigureAwait(false);
        }
    }

    private static async Task ShowLiveAsync(TextWriter output, RunCounters counters, Task run)
    {
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        await ansi.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var planned = Math.Max(1, counters.PlannedCommands);
                var published = context.AddTask("published", maxValue: planned);
                var acked = context.AddTask("acked", maxValue: planned);
                var settled = counters.Waiting ? context.AddTask("paid or failed", maxValue: 1) : null;
                using var timer = new PeriodicTimer(LiveInterval);
                do
                {
                    published.Value = counters.Published;
                    acked.Value = counters.Acked + counters.Failed;
                    if (settled is not null)
                    {
                        settled.MaxValue = Math.Max(1, counters.Awaited);
                        settled.Value = counters.Paid + counters.PaymentFailed;
                    }
                }
                while (await Task.WhenAny(run, timer.WaitForNextTickAsync().AsTask()).ConfigureAwait(false) != run);

                published.Value = counters.Published;
                acked.Value = counters.Acked + counters.Failed;
                if (settled is not null)
                {
                    settled.MaxValue = Math.Max(1, counters.Awaited);
                    settled.Value = counters.Paid + counters.PaymentFailed;
                }
            }).ConfigureAwait(false);
    }
}
