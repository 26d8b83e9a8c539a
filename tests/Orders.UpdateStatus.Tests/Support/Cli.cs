using System.Diagnostics;
using Orders.Drivers;
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

    public static async Task<CliResult> RunProcessAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "update-status.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("ORDERS_NATS_URL");
        start.Environment.Remove("ORDERS_NATS_PASSWORD");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
