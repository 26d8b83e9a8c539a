using System.Diagnostics;

namespace Orders.Testing.Drivers;

/// <summary>What a console driver run as a real process printed and returned.</summary>
public sealed record DriverProcessResult(int ExitCode, string Out, string Error);

/// <summary>
/// Runs a console driver (push-order, update-status) as a real process, so tests see exit codes and
/// output as a shell does. The driver's NATS environment defaults are removed: a test says what it means.
/// </summary>
public static class DriverProcess
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>What a driver reads for its connection: section <c>Nats</c> and the deprecated aliases.</summary>
    private static readonly string[] NatsVariables =
        ["ORDERS_Nats__Url", "ORDERS_Nats__User", "ORDERS_Nats__Password", "ORDERS_Nats__InboxPrefix", "ORDERS_NATS_URL", "ORDERS_NATS_USER", "ORDERS_NATS_PASSWORD"];

    /// <summary>Runs <c>dotnet &lt;dll&gt; args</c>, the dll being next to the tests (the build copies it there) unless the path is absolute, with <paramref name="environment"/> added.</summary>
    public static async Task<DriverProcessResult> RunAsync(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var variable in NatsVariables)
        {
            start.Environment.Remove(variable);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new DriverProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
