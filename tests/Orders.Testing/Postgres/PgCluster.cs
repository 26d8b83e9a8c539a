using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orders.Testing.Postgres;

/// <summary>
/// One throw-away PostgreSQL cluster on disk: <c>initdb</c>, <c>pg_ctl start/stop</c>, and the
/// clean-up. Runs the server binaries as the <c>postgres</c> OS user when the tests run as root
/// (PostgreSQL refuses to run as root), otherwise as the current user.
/// </summary>
internal sealed class PgCluster
{
    private const string ServerUser = "postgres";
    private const string SettingsFileName = "orders_test.conf";
    private const int MaxLogTailChars = 16 * 1024;
    private static readonly TimeSpan InitDeadline = TimeSpan.FromSeconds(120);

    private readonly string _binDirectory;
    private readonly bool _asServerUser;

    private PgCluster(string binDirectory, string rootDirectory, string superUser, string superUserPassword, bool asServerUser)
    {
        _binDirectory = binDirectory;
        RootDirectory = rootDirectory;
        SuperUser = superUser;
        SuperUserPassword = superUserPassword;
        _asServerUser = asServerUser;
    }

    public string RootDirectory { get; }

    public string SuperUser { get; }

    public string SuperUserPassword { get; }

    public int Port { get; private set; }

    private string DataDirectory => Path.Combine(RootDirectory, "data");

    private string SocketDirectory => Path.Combine(RootDirectory, "sock");

    private string LogFile => Path.Combine(RootDirectory, "postgres.log");

    /// <summary>Creates a temp directory and runs <c>initdb</c> in it; deletes the directory again on failure.</summary>
    public static async Task<PgCluster> CreateAsync(string binDirectory, string superUser, CancellationToken ct)
    {
        if (!File.Exists(Path.Combine(binDirectory, "initdb")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL server binaries not found in {binDirectory} (process backend): install the Debian package postgresql-15 or set {PostgresFixture.BinDirectoryVariable}, or start a Docker engine for the container backend ({PostgresFixture.BackendVariable}=container).");
        }

        var root = Directory.CreateTempSubdirectory("orders-pg-").FullName;
        var cluster = new PgCluster(
            binDirectory, root, superUser, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), asServerUser: Environment.IsPrivilegedProcess);
        try
        {
            await cluster.InitAsync(ct).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            TryDeleteDirectory(root);
            throw;
        }
    }

    /// <summary>(Re)writes the test settings, including the port the next start listens on.</summary>
    public Task ConfigureAsync(int port, CancellationToken ct)
    {
        Port = port;
        var settings = string.Join('\n',
            "listen_addresses = '127.0.0.1'",
            $"port = {port.ToString(CultureInfo.InvariantCulture)}",
            $"unix_socket_directories = '{SocketDirectory}'",
            "max_connections = 200",
            // Test clusters only: durability is worthless for data thrown away after the run, and
            // these make commits cheap on a shared 2-core machine. Real deployments keep the defaults.
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
            "");
        return File.WriteAllTextAsync(Path.Combine(DataDirectory, SettingsFileName), settings, ct);
    }

    /// <summary>Starts the server and waits until it is ready; throws <see cref="PgClusterException"/> with the log on failure.</summary>
    public async Task StartAsync(TimeSpan deadline, CancellationToken ct)
    {
        var logOffset = File.Exists(LogFile) ? new FileInfo(LogFile).Length : 0;
        var result = await RunAsync(
            "pg_ctl",
            ["start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", ((int)deadline.TotalSeconds).ToString(CultureInfo.InvariantCulture)],
            deadline + TimeSpan.FromSeconds(5),
            ct).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            var log = ReadLogTail(logOffset);
            throw new PgClusterException(
                $"pg_ctl start failed (exit {result.ExitCode}) on port {Port}: {result.Output.Trim()}{Environment.NewLine}--- postgres.log ---{Environment.NewLine}{log}",
                isPortInUse: log.Contains("could not bind", StringComparison.Ordinal) || log.Contains("already in use", StringComparison.Ordinal));
        }
    }

    /// <summary>Stops the server: <c>fast</c> ends sessions and checkpoints; <c>immediate</c> just quits (crash-like).</summary>
    public async Task StopAsync(bool immediate, TimeSpan deadline, CancellationToken ct)
    {
        var result = await RunAsync(
            "pg_ctl",
            ["stop", "-D", DataDirectory, "-m", immediate ? "immediate" : "fast", "-w", "-t", ((int)deadline.TotalSeconds).ToString(CultureInfo.InvariantCulture)],
            deadline + TimeSpan.FromSeconds(5),
            ct).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new PgClusterException($"pg_ctl stop failed (exit {result.ExitCode}): {result.Output.Trim()}{Environment.NewLine}{ReadLogTail()}", isPortInUse: false);
        }
    }

    /// <summary>Stops the server if it runs (killing it if pg_ctl cannot) and deletes the cluster directory.</summary>
    public async Task DisposeAsync(TimeSpan deadline)
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                await StopAsync(immediate: true, deadline, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is PgClusterException or TimeoutException)
            {
                KillPostmaster();
            }
        }

        TryDeleteDirectory(RootDirectory);
    }

    /// <summary>Last resort: kills the postmaster this cluster started (its PID is in <c>postmaster.pid</c>).</summary>
    public void KillPostmaster()
    {
        try
        {
            var firstLine = File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).FirstOrDefault();
            if (int.TryParse(firstLine, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                using var postmaster = Process.GetProcessById(pid);
                postmaster.Kill(entireProcessTree: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone (no pid file, no such process): nothing left to stop.
        }
    }

    /// <summary>The end of the server log, for error messages.</summary>
    public string ReadLogTail(long fromOffset = 0)
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var start = Math.Max(fromOffset, stream.Length - MaxLogTailChars);
            stream.Seek(start, SeekOrigin.Begin);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }
        catch (IOException)
        {
            return "(no server log)";
        }
    }

    private async Task InitAsync(CancellationToken ct)
    {
        var passwordFile = Path.Combine(RootDirectory, "pwfile");
        await File.WriteAllTextAsync(passwordFile, SuperUserPassword + "\n", ct).ConfigureAwait(false);
        if (_asServerUser)
        {
            // The server user must own the directory tree it writes (data, socket, log).
            var chown = await RunProcessAsync("chown", ["-R", $"{ServerUser}:", RootDirectory], TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
            if (chown.ExitCode != 0)
            {
                throw new InvalidOperationException($"chown of {RootDirectory} to {ServerUser} failed: {chown.Output}");
            }
        }

        // SCRAM on loopback and the socket, with a generated superuser password: the tests
        // authenticate like real clients do; the socket lives inside the temp dir, so
        // parallel clusters never share it.
        var init = await RunAsync(
            "initdb",
            ["-D", DataDirectory, "-U", SuperUser, "--pwfile", passwordFile, "--auth", "scram-sha-256",
             "--encoding", "UTF8", "--no-locale", "--no-sync", "--no-instructions"],
            InitDeadline,
            ct).ConfigureAwait(false);
        File.Delete(passwordFile);
        if (init.ExitCode != 0)
        {
            throw new InvalidOperationException($"initdb failed (exit {init.ExitCode}):{Environment.NewLine}{init.Output}");
        }

        Directory.CreateDirectory(SocketDirectory);
        if (_asServerUser)
        {
            await RunProcessAsync("chown", [$"{ServerUser}:", SocketDirectory], TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        }

        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), $"\ninclude '{SettingsFileName}'\n", ct).ConfigureAwait(false);
    }

    private Task<ToolResult> RunAsync(string tool, IReadOnlyList<string> arguments, TimeSpan deadline, CancellationToken ct)
    {
        var toolPath = Path.Combine(_binDirectory, tool);
        return _asServerUser
            ? RunProcessAsync("runuser", ["-u", ServerUser, "--", toolPath, .. arguments], deadline, ct)
            : RunProcessAsync(toolPath, arguments, deadline, ct);
    }

    private async Task<ToolResult> RunProcessAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan deadline, CancellationToken ct)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The server user cannot enter root's home; the tools fail if the cwd is unreadable.
            WorkingDirectory = RootDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {deadline.TotalSeconds:0}s.");
        }

        return new ToolResult(process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // A dying server may still remove its socket or pid file while we delete; once more is enough.
            Thread.Yield();
            try { Directory.Delete(path, recursive: true); } catch (DirectoryNotFoundException) { }
        }
    }

    private readonly record struct ToolResult(int ExitCode, string Output);
}

/// <summary>A PostgreSQL tool failed; the message carries its output and the server log.</summary>
internal sealed class PgClusterException(string message, bool isPortInUse) : Exception(message)
{
    /// <summary>True when the server could not bind its port (another process took it first).</summary>
    public bool IsPortInUse { get; } = isPortInUse;
}
