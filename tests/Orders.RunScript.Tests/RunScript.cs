using System.Diagnostics;

namespace Orders.RunScript.Tests;

/// <summary>
/// Runs ./run.sh with a sub-command as a separate process, against its own ORDERS_HOME and ports.
/// Output goes to a file, not a pipe: the processes `up` leaves running must not hold our pipe open.
/// </summary>
internal sealed class RunScript(string home, RunScriptPorts ports)
{
    private static readonly string ScriptPath = Path.Combine(FindRepositoryRoot(), "run.sh");

    public string Home { get; } = home;

    /// <summary>Where `up` records its processes: one file per process holding "pid start-time port".</summary>
    public string RunDirectory => Path.Combine(Home, "run");

    public async Task<(int ExitCode, string Output)> RunAsync(string command, TimeSpan timeout)
    {
        var log = Path.Combine(Home, $"run.sh-{command}.out");
        var start = new ProcessStartInfo("/bin/bash")
        {
            // $0 = script, $1 = command, $2 = output file.
            ArgumentList = { "-c", "exec \"$0\" \"$1\" >\"$2\" 2>&1 </dev/null", ScriptPath, command, log },
            UseShellExecute = false,
            Environment =
            {
                ["ORDERS_HOME"] = Home,
                // The test project's references built the services' Release output already.
                ["ORDERS_NO_BUILD"] = "1",
            },
        };
        foreach (var (name, value) in ports.AsEnvironment())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (-1, $"./run.sh {command} did not finish within {timeout.TotalSeconds:0}s\n{ReadLog(log)}");
        }

        return (process.ExitCode, ReadLog(log));
    }

    /// <summary>The pids of every process `up` recorded (the "ports" file is not a process).</summary>
    public IReadOnlyList<int> RecordedPids() =>
        [.. Directory.EnumerateFiles(RunDirectory)
            .Where(file => Path.GetFileName(file) != "ports")
            .Select(file => int.Parse(File.ReadAllText(file).Split(' ')[0]))];

    /// <summary>Alive = /proc knows it and it is not a zombie waiting to be reaped.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string ReadLog(string path) => File.Exists(path) ? File.ReadAllText(path) : "(no output)";

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "run.sh")) && File.Exists(Path.Combine(dir.FullName, "Orders.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No repository root (run.sh + Orders.sln) above {AppContext.BaseDirectory}.");
    }
}
