using Orders.Drivers;
using Orders.Testing.Drivers;
using Orders.UpdateStatus.Commands;

namespace Orders.UpdateStatus.Tests.Support;

/// <summary>What an update-status invocation printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    public IReadOnlyList<string> OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Runs update-status in-process, or as a real process for exit codes as the shell sees them.</summary>
internal static class Cli
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new DriverConsole(TextWriter.Synchronized(output), TextWriter.Synchronized(error), IsTerminal: false);
        var code = await CliRunner.InvokeAsync(UpdateStatusCommand.Name, UpdateStatusCommand.Create(console), args, console);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs <c>dotnet update-status.dll args</c> as a real process.</summary>
    public static async Task<CliResult> RunProcessAsync(params string[] args)
    {
        var (code, output, error) = await DriverProcess.RunAsync("update-status.dll", args);
        return new CliResult(code, output, error);
    }
}
