using Orders.Drivers;
using Orders.Testing.Drivers;
using Orders.Testing.SystemUnderTest;
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
    public static async Task<CliResult> RunProcessAsync(params string[] args) => await RunProcessAsync(new Dictionary<string, string>(), args);

    /// <summary>
    /// Runs push-order as a real process with <paramref name="environment"/> added, from its own build
    /// output: the copy next to the tests lacks what the test output takes from the ASP.NET Core
    /// shared framework instead (OpenTelemetry's configuration dependencies, which push-order's
    /// runtimeconfig does not name), so tracing would not load there.
    /// </summary>
    public static async Task<CliResult> RunProcessAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(OrdersSystem.RepositoryRoot, "services", "Orders.PushOrder", "bin", configuration, "net10.0", "push-order.dll");
        var (code, output, error) = await DriverProcess.RunAsync(dll, args, environment);
        return new CliResult(code, output, error);
    }
}
