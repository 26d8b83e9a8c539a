using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Xunit;

namespace Orders.Testing;

/// <summary>
/// A real <c>nats-server -js</c> on a free loopback port with a throw-away store directory.
/// Use it as an xunit collection fixture (one server shared by many test classes) or own a private
/// one with <see cref="StartNewAsync"/> when a test restarts the server or needs a config file
/// (users, permissions). <see cref="StopAsync"/>/<see cref="StartAsync"/>/<see cref="RestartAsync"/>
/// keep the port and the store so reconnect and durability can be tested.
/// When <c>ORDERS_TEST_NATS_URL</c> is set the fixture points at that server instead and starts
/// nothing; restarts and configs are then unsupported (see <see cref="RequiresLocalNatsServerFactAttribute"/>).
/// </summary>
public sealed class NatsServerFixture : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>Environment variable naming an already running server to use instead of starting one.</summary>
    public const string ExternalUrlVariable = "ORDERS_TEST_NATS_URL";

    private const int MaxLogChars = 64 * 1024;
    private const int MaxPortAttempts = 5;
    // Generous: on a starved CI machine a JetStream server can take seconds to come up.
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(10);

    // Safety net: if the test host exits without disposing (crash, Ctrl+C), no server is left behind.
    private static readonly ConcurrentDictionary<int, Process> LiveServers = new();

    private readonly string? _configText;
    private readonly string? _externalUrl;
    private readonly StringBuilder _log = new();
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private Process? _process;
    private string? _tempDir;
    private int _port;
    private bool _disposed;

    static NatsServerFixture()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in LiveServers.Values)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } catch (System.ComponentModel.Win32Exception) { }
            }
        };
    }

    /// <summary>Creates a fixture with the default configuration (xunit collection fixtures use this).</summary>
    public NatsServerFixture() : this(configText: null)
    {
    }

    /// <summary>Creates a fixture whose server is started with <paramref name="configText"/> as its config file (see <see cref="StartNewAsync"/>; xunit allows fixtures one public constructor).</summary>
    /// <param name="configText">nats-server config file text (e.g. <c>authorization { users = [...] }</c>); null for none.</param>
    private NatsServerFixture(string? configText)
    {
        _configText = configText;
        var external = Environment.GetEnvironmentVariable(ExternalUrlVariable);
        _externalUrl = string.IsNullOrWhiteSpace(external) ? null : external.Trim();
    }

    /// <summary>Starts a private server (optionally with a config file) owned by the caller, who must dispose it.</summary>
    public static async Task<NatsServerFixture> StartNewAsync(string? configText = null, CancellationToken ct = default)
    {
        var fixture = new NatsServerFixture(configText);
        try
        {
            await fixture.StartAsync(ct).ConfigureAwait(false);
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>True when the fixture uses the server named by <c>ORDERS_TEST_NATS_URL</c>.</summary>
    public bool IsExternal => _externalUrl is not null;

    /// <summary>Client URL, e.g. <c>nats://127.0.0.1:41234</c>. Stable across restarts.</summary>
    public string Url => _externalUrl ?? $"nats://127.0.0.1:{Port}";

    /// <summary>Client port (0 for an external server).</summary>
    public int Port => _port;

    /// <summary>JetStream store directory, kept across restarts and deleted on dispose (null for an external server).</summary>
    public string? StoreDir => _tempDir is null ? null : Path.Combine(_tempDir, "jetstream");

    /// <summary>True while the server process runs (always true for an external server).</summary>
    public bool IsRunning => IsExternal || _process is { HasExited: false };

    /// <summary>The server's stderr output so far (last 64 KB), handy in assertion messages.</summary>
    public string ServerLog
    {
        get { lock (_log) { return _log.ToString(); } }
    }

    /// <summary>Starts the server (again, after <see cref="StopAsync"/>) on the same port and store and waits until it answers with INFO.</summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsExternal)
        {
            if (_configText is not null)
            {
                throw new NotSupportedException(
                    $"This test needs its own nats-server with a config file, but {ExternalUrlVariable} points at an external server.");
            }

            await WaitForInfoAsync(ParseExternalEndpoint(_externalUrl!), process: null, launch: null, ct).ConfigureAwait(false);
            return;
        }

        await _lifecycle.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_process is { HasExited: false })
            {
                return;
            }

            PrepareTempDir();

            // A port found free can be taken by another process before the server binds it. On the
            // first start the port is not known to anyone yet, so a bind failure moves to a new one;
            // a restart must keep its port (clients reconnect to it), so there it fails.
            var portChosenNow = _port == 0;
            for (var attempt = 1; ; attempt++)
            {
                if (portChosenNow)
                {
                    _port = FreePort.Next();
                }

                var (process, launch) = Launch();
                _process = process;
                try
                {
                    await WaitForInfoAsync(new IPEndPoint(IPAddress.Loopback, _port), process, launch, ct).ConfigureAwait(false);
                    break;
                }
                catch (PortInUseException) when (portChosenNow && attempt < MaxPortAttempts)
                {
                    _process = null;
                    LiveServers.TryRemove(process.Id, out _);
                    process.Dispose();
                }
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops the server gracefully (SIGTERM, then kill after a deadline). Port and store stay reserved.</summary>
    public Task StopAsync(CancellationToken ct = default) => StopCoreAsync(graceful: true, ct);

    /// <summary>Kills the server abruptly (SIGKILL), like a crash. Port and store stay reserved.</summary>
    public Task KillAsync(CancellationToken ct = default) => StopCoreAsync(graceful: false, ct);

    /// <summary>Stops and starts the server on the same port with the same store.</summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        await StopAsync(ct).ConfigureAwait(false);
        await StartAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Kills the server, deletes its JetStream store and starts it again empty on the same port: a
    /// node replaced with an empty disk. Every stream, consumer and stored message is gone.
    /// </summary>
    public async Task WipeStoreAsync(CancellationToken ct = default)
    {
        await KillAsync(ct).ConfigureAwait(false);
        Directory.Delete(StoreDir!, recursive: true);
        Directory.CreateDirectory(StoreDir!);
        await StartAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Freezes the server process (SIGSTOP): the socket stays open but nothing answers (stale connection).</summary>
    public void Pause() => Signal(SigStop);

    /// <summary>Resumes a process frozen by <see cref="Pause"/> (SIGCONT).</summary>
    public void Resume() => Signal(SigCont);

    Task IAsyncLifetime.InitializeAsync() => StartAsync();

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>Kills the server (by PID) and deletes the temp directory. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!IsExternal)
        {
            await StopCoreAsync(graceful: false, CancellationToken.None).ConfigureAwait(false);
            DeleteTempDir();
        }

        _lifecycle.Dispose();
    }

    private void ThrowIfRestartUnsupported()
    {
        if (IsExternal)
        {
            throw new NotSupportedException(
                $"Stopping or restarting the server is not possible while {ExternalUrlVariable} points at an external server; " +
                "mark the test with [RequiresLocalNatsServerFact].");
        }
    }

    private async Task StopCoreAsync(bool graceful, CancellationToken ct)
    {
        ThrowIfRestartUnsupported();
        await _lifecycle.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var process = _process;
            if (process is null)
            {
                return;
            }

            _process = null;
            try
            {
                if (!process.HasExited)
                {
                    if (graceful && (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()))
                    {
                        // A frozen (SIGSTOPped) server must be resumed before it can handle SIGTERM.
                        _ = SendSignal(process.Id, SigCont);
                        _ = SendSignal(process.Id, SigTerm);
                        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
                        deadline.CancelAfter(StopDeadline);
                        try
                        {
                            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                        {
                            process.Kill(entireProcessTree: true);
                        }
                    }
                    else
                    {
                        process.Kill(entireProcessTree: true);
                    }
                }

                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            finally
            {
                LiveServers.TryRemove(process.Id, out _);
                process.Dispose();
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private (Process Process, LaunchState State) Launch()
    {
        var args = new List<string> { "-a", "127.0.0.1", "-p", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-js", "-sd", StoreDir! };
        if (_configText is not null)
        {
            var configPath = Path.Combine(_tempDir!, "server.conf");
            File.WriteAllText(configPath, _configText);
            args.InsertRange(0, ["-c", configPath]);
        }

        var startInfo = new ProcessStartInfo(FindServerBinary())
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = _tempDir!,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        var state = new LaunchState();
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.ErrorDataReceived += (_, e) => OnOutput(state, e.Data);
        process.OutputDataReceived += (_, e) => OnOutput(state, e.Data);
        AppendLog($"--- starting {startInfo.FileName} {string.Join(' ', args)}");
        process.Start();
        LiveServers[process.Id] = process;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return (process, state);
    }

    private void OnOutput(LaunchState state, string? line)
    {
        AppendLog(line);
        if (line is null)
        {
            return;
        }

        if (line.Contains("Listening for client connections on", StringComparison.Ordinal))
        {
            state.Listening = true;
        }
        else if (line.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            state.PortInUse = true;
        }
    }

    /// <summary>What one server process has said about itself so far.</summary>
    private sealed class LaunchState
    {
        private volatile bool _listening;
        private volatile bool _portInUse;

        /// <summary>This process bound the client port: an INFO on it now comes from this process, not from whoever held the port before.</summary>
        public bool Listening { get => _listening; set => _listening = value; }

        public bool PortInUse { get => _portInUse; set => _portInUse = value; }
    }

    /// <summary>The server could not bind its port: someone else took it after it was found free.</summary>
    private sealed class PortInUseException(string message) : IOException(message);

    private async Task WaitForInfoAsync(IPEndPoint endpoint, Process? process, LaunchState? launch, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + StartDeadline;
        Exception? lastError = null;
        while (DateTime.UtcNow < deadline)
        {
            ct.ThrowIfCancellationRequested();
            if (process is { HasExited: true })
            {
                // Waiting for the exit also drains the redirected output, so the log is complete.
                await process.WaitForExitAsync(ct).ConfigureAwait(false);
                var message = $"nats-server exited with code {process.ExitCode} before accepting connections on {endpoint}. Server output:{Environment.NewLine}{ServerLog}";
                throw launch is { PortInUse: true } ? new PortInUseException(message) : new InvalidOperationException(message);
            }

            try
            {
                // Until our process says it listens, whatever answers on the port is someone else's.
                if ((launch is null || launch.Listening) && await AnswersWithInfoAsync(endpoint, ct).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                lastError = ex;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25), ct).ConfigureAwait(false);
        }

        throw new TimeoutException(
            $"nats-server on {endpoint} did not answer with INFO within {StartDeadline.TotalSeconds}s (last error: {lastError?.Message ?? "none"}). Server output:{Environment.NewLine}{ServerLog}");
    }

    private static async Task<bool> AnswersWithInfoAsync(IPEndPoint endpoint, CancellationToken ct)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
        attempt.CancelAfter(TimeSpan.FromSeconds(2));
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint, attempt.Token).ConfigureAwait(false);
        var buffer = new byte[5];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, attempt.Token).ConfigureAwait(false);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return buffer.AsSpan().SequenceEqual("INFO "u8);
    }

    private static IPEndPoint ParseExternalEndpoint(string url)
    {
        var first = url.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        var uri = new Uri(first.Contains("://", StringComparison.Ordinal) ? first : "nats://" + first);
        var addresses = Dns.GetHostAddresses(uri.Host);
        return new IPEndPoint(addresses.First(a => a.AddressFamily == AddressFamily.InterNetwork), uri.Port > 0 ? uri.Port : 4222);
    }

    private static string FindServerBinary()
    {
        var name = OperatingSystem.IsWindows() ? "nats-server.exe" : "nats-server";
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        const string fallback = "/usr/sbin/nats-server";
        return File.Exists(fallback)
            ? fallback
            : throw new FileNotFoundException(
                $"nats-server not found on PATH or at {fallback}. Install it, or set {ExternalUrlVariable} to use a running server.");
    }

    private void PrepareTempDir()
    {
        if (_tempDir is null)
        {
            _tempDir = Path.Combine(Path.GetTempPath(), "orders-nats-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(StoreDir!);
        }
    }

    private void DeleteTempDir()
    {
        if (_tempDir is not null && Directory.Exists(_tempDir))
        {
            try
            {
                Directory.Delete(_tempDir, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a file still held open must not fail the test run.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
            if (_log.Length > MaxLogChars)
            {
                _log.Remove(0, _log.Length - MaxLogChars);
            }
        }
    }

    private void Signal(int signal)
    {
        ThrowIfRestartUnsupported();
        var process = _process ?? throw new InvalidOperationException("The server is not running.");
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            throw new PlatformNotSupportedException("Pausing the server needs POSIX signals.");
        }

        if (SendSignal(process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    private const int SigTerm = 15;
    private static int SigStop => OperatingSystem.IsMacOS() ? 17 : 19;
    private static int SigCont => OperatingSystem.IsMacOS() ? 19 : 18;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
