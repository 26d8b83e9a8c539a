using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Orders.Contracts.Messaging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Orders.Monitor.Hosting;

namespace Orders.Monitor.Watching;

/// <summary>
/// Runs one <see cref="StreamWatcher"/> per stream of the contract and hands their events, one at
/// a time, to every <see cref="IMonitorEventSink"/>. A bounded channel sits in between: when the
/// sinks fall behind, the watchers wait; what NATS.Net drops meanwhile (its subscription buffer is
/// bounded) shows as a gap in a consumer's sequence, and the watcher fetches it again.
/// </summary>
internal sealed partial class WatchingService : BackgroundService
{
    private const int ChannelCapacity = 4096;

    private readonly INatsConnection _connection;
    private readonly IReadOnlyList<IMonitorEventSink> _sinks;
    private readonly ILogger<WatchingService> _logger;
    private int _everOpened;

    public WatchingService(
        INatsJSContext js, IOptions<MonitorOptions> options, IEnumerable<IMonitorEventSink> sinks, ILoggerFactory loggerFactory)
    {
        _connection = js.Connection;
        _sinks = [.. sinks];
        _logger = loggerFactory.CreateLogger<WatchingService>();
        var settings = options.Value;
        Watchers = [.. Streams.All.Select(s => new StreamWatcher(js, s.Name, settings.Replay, settings.IdleHeartbeat, loggerFactory.CreateLogger<StreamWatcher>()))];
    }

    /// <summary>One per stream, in the contract's order.</summary>
    public IReadOnlyList<StreamWatcher> Watchers { get; }

    /// <summary>The monitor's NATS connection.</summary>
    public INatsConnection Connection => _connection;

    /// <summary>True while the NATS connection is open.</summary>
    public bool IsConnected => _connection.ConnectionState == NatsConnectionState.Open;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _connection.ConnectionOpened += OnConnectionOpened;
        _connection.ServerError += OnServerError;
        try
        {
            var events = Channel.CreateBounded<MonitorEvent>(new BoundedChannelOptions(ChannelCapacity) { SingleReader = true });
            var watching = Watchers.Select(w => w.RunAsync(events.Writer, stoppingToken)).ToArray();
            var dispatching = DispatchAsync(events.Reader, stoppingToken);
            await Task.WhenAll(watching).ConfigureAwait(false);
            events.Writer.TryComplete();
            await dispatching.ConfigureAwait(false);
        }
        finally
        {
            _connection.ConnectionOpened -= OnConnectionOpened;
            _connection.ServerError -= OnServerError;
        }
    }

    private async Task DispatchAsync(ChannelReader<MonitorEvent> events, CancellationToken ct)
    {
        try
        {
            await foreach (var monitorEvent in events.ReadAllAsync(ct).ConfigureAwait(false))
            {
                foreach (var sink in _sinks)
                {
                    try
                    {
                        sink.Accept(monitorEvent);
                    }
                    catch (Exception ex)
                    {
                        LogSinkFailed(ex, sink.GetType().Name, monitorEvent.Subject, monitorEvent.Sequence);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>The first open is the initial connect; every later one is a reconnect after which consumers may be gone.</summary>
    private ValueTask OnConnectionOpened(object? sender, NatsEventArgs e)
    {
        if (Interlocked.Exchange(ref _everOpened, 1) == 0)
        {
            return ValueTask.CompletedTask;
        }

        LogReconnected(_connection.ServerInfo?.Name ?? _connection.Opts.Url);
        foreach (var watcher in Watchers)
        {
            watcher.Reconnected();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The monitor is read-only: a refused publish or subscription means a bug or a wrong users.conf, so say it loudly (the text names the subject).</summary>
    private ValueTask OnServerError(object? sender, NatsServerErrorEventArgs e)
    {
        LogServerError(e.Error);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconnected to NATS ({Server}); re-creating the consumers")]
    private partial void LogReconnected(string server);

    [LoggerMessage(Level = LogLevel.Error, Message = "NATS refused a request of the monitor: {Error}")]
    private partial void LogServerError(string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sink {Sink} failed on {Subject} #{Sequence}")]
    private partial void LogSinkFailed(Exception exception, string sink, string subject, ulong sequence);
}
