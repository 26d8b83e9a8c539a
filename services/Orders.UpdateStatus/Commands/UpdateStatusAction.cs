using Orders.Configuration;
using Orders.Drivers;
using Orders.UpdateStatus.Follow;
using Orders.UpdateStatus.Output;
using Orders.UpdateStatus.Updates;

namespace Orders.UpdateStatus.Commands;

/// <summary>What <c>update-status</c> does once its arguments are valid.</summary>
internal static class UpdateStatusAction
{
    /// <summary>One update: exit 0 applied, 1 rejected, 2 no outcome in time (or a reused request id).</summary>
    public static async Task<int> UpdateAsync(StatusRequest request, TimeSpan timeout, NatsOptions nats, bool json, DriverConsole console, CancellationToken ct)
    {
        await using var connection = await DriverConnection.ConnectAsync(nats, UpdateStatusCommand.Name, ct).ConfigureAwait(false);
        var outcome = await SingleUpdate.RunAsync(connection, request, timeout, ct).ConfigureAwait(false);
        if (outcome.Kind is OutcomeKind.Applied or OutcomeKind.Rejected)
        {
            await console.Out.WriteLineAsync(json ? OutcomeFormatter.Json(outcome) : OutcomeFormatter.Line(outcome)).ConfigureAwait(false);
        }
        else
        {
            // Not an answer from the system: a setup problem, reported like the others.
            await console.Error.WriteLineAsync($"{UpdateStatusCommand.Name}: {OutcomeFormatter.Line(outcome, timeout)}").ConfigureAwait(false);
        }

        return outcome.ExitCode;
    }

    /// <summary>Follow mode: a line per update and its outcome, a summary at the end (Ctrl-C or --max-actions).</summary>
    public static async Task<int> FollowAsync(FollowOptions options, NatsOptions nats, bool json, DriverConsole console, CancellationToken ct)
    {
        await using var connection = await DriverConnection.ConnectAsync(nats, UpdateStatusCommand.Name, ct).ConfigureAwait(false);
        var follower = new FollowOperator(options, nats, async outcome =>
            await console.Out.WriteLineAsync(json ? OutcomeFormatter.Json(outcome) : OutcomeFormatter.Line(outcome, options.OutcomeTimeout)).ConfigureAwait(false));
        if (!json)
        {
            await console.Out.WriteLineAsync(
                $"following ORDERS at {nats.DisplayUrl}{(options.FromStart ? " from the start" : "")}: shipping, then delivering, paid orders (cancel share {options.CancelShare:0.##}, seed {options.Seed}); Ctrl-C to stop").ConfigureAwait(false);
        }

        var summary = await follower.RunAsync(connection, ct).ConfigureAwait(false);
        await console.Out.WriteLineAsync(json ? OutcomeFormatter.SummaryJson(summary) : OutcomeFormatter.SummaryLine(summary)).ConfigureAwait(false);
        return summary.ExitCode;
    }
}
