using Orders.Drivers;
using Orders.Testing.Drivers;
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
    public static async Task<CliResult> RunAsync(params string[] args) => await RunAsync(args, CancellationToken.None);

    public static async Task<CliResult> RunAsync(string[] args, CancellationToken ct)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new DriverConsole(TextWriter.Synchronized(output), TextWriter.Synchronized(error), IsTerminal: false);
        var code = await CliRunner.InvokeAsync(PushOrderCommand.Name, PushOrderCommand.Create(console), args, console, ct);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs <c>dotnet push-order.dll args</c> as a real process.</summary>
    public static async Task<CliResult> RunProcessAsync(params string[] args)
    {
        var (code, output, error) = await DriverProcess.RunAsync("push-order.dll", args);
        return new CliResult(code, output, error);
    }
}
