using System.CommandLine;

namespace Orders.Drivers;

/// <summary>
/// Runs a driver's root command with the drivers' rules: a parse or validation error is one line
/// plus a hint, exit code 2 (not System.CommandLine's error-and-help page, exit code 1); a
/// <see cref="DriverException"/> is one line, exit code 2; nothing ever prints a stack trace.
/// Ctrl-C cancels the action's token; the action prints what it has and returns its own code.
/// </summary>
internal static class CliRunner
{
    // After Ctrl-C an action settles outstanding acks and prints its summary; past this the
    // process is ended anyway.
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(8);

    /// <param name="name">The program's name for messages (<c>push-order: ...</c>).</param>
    public static async Task<int> InvokeAsync(string name, RootCommand root, IReadOnlyList<string> args, DriverConsole console, CancellationToken ct = default)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await console.Error.WriteLineAsync($"{name}: {parse.Errors[0].Message.ReplaceLineEndings(" ")} (see {name} --help)").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = ShutdownGrace,
        };

        // Disposed when the action ends: that flushes the spans of a run before the process exits.
        using var tracing = DriverTracing.Start(name);
        try
        {
            return await parse.InvokeAsync(invocation, ct).ConfigureAwait(false);
        }
        catch (DriverException problem)
        {
            await console.Error.WriteLineAsync($"{name}: {problem.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            await console.Error.WriteLineAsync($"{name}: interrupted").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        catch (Exception unexpected)
        {
            // A bug, not a setup problem: still one line, with the type so it can be reported.
            await console.Error.WriteLineAsync($"{name}: unexpected {unexpected.GetType().Name}: {unexpected.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }
}
