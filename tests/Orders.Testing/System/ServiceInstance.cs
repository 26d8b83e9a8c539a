using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orders.Messaging.Pipeline;
using Orders.Testing.SystemUnderTest.Internal;

namespace Orders.Testing.SystemUnderTest;

/// <summary>
/// One service instance: a separate <c>dotnet &lt;Service&gt;.dll</c> process with its own HTTP port
/// and log file. It can be killed (SIGKILL, a crash), stopped (SIGTERM, a graceful shutdown) and
/// started again on the same port with the same configuration. Every process it starts is killed
/// by PID when the harness is disposed, or when the test process exits.
/// </summary>
public sealed class ServiceInstance : IAsyncDisposable
{
    private const int LogTailChars = 4000;

    // Safety net: if the test host exits without disposing (crash, Ctrl+C), no service is left running.
    private static readonly ConcurrentDictionary<int, Process> LiveProcesses = new();

    private readonly string _assemblyPath;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly TimeSpan _startTimeout;
    private readonly TimeSpan _stopTimeout;
    private static readonly JsonSerializerOptions StatsJson = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly List<PipelineStatsSnapshot> _earlierLifetimes = [];
    private Process? _process;
    private bool _disposed;

    static ServiceInstance()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in LiveProcesses.Values)
            {
                try { process.Kill(); } catch (InvalidOperationException) { } catch (System.ComponentModel.Win32Exception) { }
            }
        };
    }

    internal ServiceInstance(
        OrdersServiceType service,
        int ordinal,
        string assemblyPath,
        int port,
        string logPath,
        IReadOnlyDictionary<string, string> environment,
        TimeSpan startTimeout,
        TimeSpan stopTimeout)
    {
        Service = service;
        Name = $"{service.Name}-{ordinal}";
        _assemblyPath = assemblyPath;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        LogPath = logPath;
        _environment = environment;
        _startTimeout = startTimeout;
        _stopTimeout = stopTimeout;
        // A service sharing two cores with five others can take seconds to answer; a figures read
        // that gave up early would fail the run, a health poll only waits a little longer.
        _http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Which service this is.</summary>
    public OrdersServiceType Service { get; }

    /// <summary>E.g. <c>order-service-1</c> (also its <c>InstanceId</c> setting, so it names its NATS connection).</summary>
    public string Name { get; }

    /// <summary>Its HTTP address (<c>/healthz</c>, <c>/stats/pipeline</c>, status-service's query API); the same after a restart.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Its stdout and stderr, appended across restarts.</summary>
    public string LogPath { get; }

    /// <summary>True while its process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Process id while it runs (for logs; kill it through this object).</summary>
    public int? ProcessId => IsRunning ? _process!.Id : null;

    /// <summary>How many times the process was started.</summary>
    public int Starts { get; private set; }

    /// <summary>Starts the process (again) and waits until <c>/healthz</c> answers 200.</summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        await _lifecycle.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!IsRunning)
            {
                Launch();
            }
        }
        finally
        {
            _lifecycle.Release();
        }

        await WaitUntilHealthyAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Kills the process with SIGKILL, like a crash (in-flight messages are redelivered after the
    /// consumer's ack wait; unsent outbox rows stay for the next relay). The figures it served are
    /// read just before, so <see cref="GetLifetimeFiguresAsync"/> still counts them.
    /// </summary>
    public async Task KillAsync(CancellationToken ct = default)
    {
        await RememberFiguresAsync(ct).ConfigureAwait(false);
        await StopCoreAsync(graceful: false, ct).ConfigureAwait(false);
    }

    /// <summary>Stops the process with SIGTERM and waits for its graceful shutdown (killed after the stop timeout).</summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        await RememberFiguresAsync(ct).ConfigureAwait(false);
        await StopCoreAsync(graceful: true, ct).ConfigureAwait(false);
    }

    /// <summary>The figures of the running process (<c>GET /stats/pipeline</c>); they restart from zero with the process.</summary>
    public async Task<PipelineStatsSnapshot> GetPipelineStatsAsync(CancellationToken ct = default)
    {
        var figures = await _http.GetFromJsonAsync<PipelineStatsSnapshot>("/stats/pipeline", StatsJson, ct).ConfigureAwait(false);
        return figures ?? throw new InvalidOperationException($"{Name} answered /stats/pipeline with null.");
    }

    /// <summary>The figures of every lifetime of this instance: earlier processes (read before they were stopped) plus the running one.</summary>
    public async Task<PipelineStatsSnapshot> GetLifetimeFiguresAsync(CancellationToken ct = default)
    {
        var total = IsRunning ? await GetPipelineStatsAsync(ct).ConfigureAwait(false) : PipelineStatsSnapshot.Empty;
        lock (_earlierLifetimes)
        {
            return _earlierLifetimes.Aggregate(total, (sum, earlier) => sum + earlier);
        }
    }

    /// <summary>True when <c>GET /healthz</c> answers 200 right now.</summary>
    public async Task<bool> IsHealthyAsync(CancellationToken ct = default)
    {
        try
        {
            using var response = await _http.GetAsync("/healthz", ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Lines of its log containing <paramref name="text"/> (e.g. a log message it writes per event).</summary>
    public int CountLogLines(string text)
    {
        if (!File.Exists(LogPath))
        {
            return 0;
        }

        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var count = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The last few thousand characters of its log, for failure messages.</summary>
    public string ReadLogTail()
    {
        if (!File.Exists(LogPath))
        {
            return "(no log yet)";
        }

        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(Math.Max(0, stream.Length - LogTailChars), SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({BaseAddress}, {(IsRunning ? "pid " + _process!.Id : "not running")})";

    /// <summary>Kills the process (by its PID) if it runs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await StopCoreAsync(graceful: false, CancellationToken.None).ConfigureAwait(false);
        _disposed = true;
        _http.Dispose();
        _lifecycle.Dispose();
    }

    private void Launch()
    {
        // `exec` replaces the shell, so the PID we hold is dotnet's own and signals reach the
        // service; the redirection makes the service write its log straight to the file, even
        // while the test process is busy.
        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(_assemblyPath)!,
        };
        // --urls on the command line: it outranks a "Urls" in the service's appsettings.json, which
        // in turn outranks ASPNETCORE_URLS.
        string[] args =
        [
            "-c", "exec dotnet \"$@\" >>\"$ORDERS_SYSTEM_LOG\" 2>&1", "sh",
            _assemblyPath, "--urls", BaseAddress.ToString().TrimEnd('/'),
        ];
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        foreach (var variable in NatsUsers.PasswordVariables)
        {
            startInfo.Environment.Remove(variable); // the server's secrets are none of the service's business
        }

        foreach (var (key, value) in _environment)
        {
            startInfo.Environment[key] = value;
        }

        startInfo.Environment["ORDERS_SYSTEM_LOG"] = LogPath;
        File.AppendAllText(LogPath, $"=== {DateTime.UtcNow:HH:mm:ss.fff} harness: starting {Name} (start #{Starts + 1}) on {BaseAddress}{Environment.NewLine}");

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {Name}.");
        LiveProcesses[process.Id] = process;
        _process = process;
        Starts++;
    }

    private async Task WaitUntilHealthyAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + _startTimeout;
        while (!await IsHealthyAsync(ct).ConfigureAwait(false))
        {
            var process = _process;
            if (process is null || process.HasExited)
            {
                throw new InvalidOperationException(
                    $"{Name} exited{(process is null ? "" : $" with code {process.ExitCode}")} before it was healthy. Log {LogPath}, last lines:{Environment.NewLine}{ReadLogTail()}");
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException(
                    $"{Name} did not answer 200 on {BaseAddress}healthz within {_startTimeout.TotalSeconds:0}s. Log {LogPath}, last lines:{Environment.NewLine}{ReadLogTail()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ct).ConfigureAwait(false);
        }
    }

    private async Task RememberFiguresAsync(CancellationToken ct)
    {
        if (!IsRunning)
        {
            return;
        }

        try
        {
            var figures = await GetPipelineStatsAsync(ct).ConfigureAwait(false);
            lock (_earlierLifetimes)
            {
                _earlierLifetimes.Add(figures);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            // An instance that does not answer any more has nothing to add; its counters are lost with it.
        }
    }

    private async Task StopCoreAsync(bool graceful, CancellationToken ct)
    {
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
                    if (graceful && PosixSignals.Send(process.Id, PosixSignals.SigTerm))
                    {
                        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
                        deadline.CancelAfter(_stopTimeout);
                        try
                        {
                            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                        {
                            File.AppendAllText(LogPath, $"=== harness: {Name} did not stop within {_stopTimeout.TotalSeconds:0}s; killing it{Environment.NewLine}");
                            process.Kill();
                        }
                    }
                    else
                    {
                        process.Kill();
                    }
                }

                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                File.AppendAllText(LogPath, $"=== {DateTime.UtcNow:HH:mm:ss.fff} harness: {Name} {(graceful ? "stopped" : "killed")} (exit code {process.ExitCode}){Environment.NewLine}");
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            finally
            {
                LiveProcesses.TryRemove(process.Id, out _);
                process.Dispose();
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }
}
