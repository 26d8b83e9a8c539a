using System.Diagnostics;
using Orders.Drivers;
using Orders.PushOrder.Commands;

namespace Orders.PushOrder.Tests.Support;

/// <summary>What a push-order invocation printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Runs push-order in-process (fast, most tests) or as a real process (exit codes as the shell sees them).</summary>
internal static class Cli
{
    private static readonly TimeSpan ProcessDeadline = TimeSpan.FromSeconds(60);

    public static async Task<CliResult> RunAsync(params string[] args) => await RunAsync(args, CancellationToken.None);

    public static async Task<CliResult> RunAsync(string[] args, CancellationToken ct)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new DriverConsole(TextWriter.Synchronized(output), TextWriter.Synchronized(error), IsTerminal: false);
        var code = await CliRunner.InvokeAsync(PushOrderCommand.Name, PushOrderCommand.Create(console), args, console, ct);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs <c>dotnet push-order.dll args</c> (the build copies the program next to the tests).</summary>
    public static async Task<CliResult> RunProcessAsync(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "push-order.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("ORDERS_NATS_URL");
        start.Environment.Remove("ORDERS_NATS_PASSWORD");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(ProcessDeadline);
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
