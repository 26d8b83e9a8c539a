using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orders.Nats.Internal;

namespace Orders.Nats;

/// <summary>
/// A NATS connection: publish, subscribe, request/reply, with automatic reconnect. Thread-safe; one
/// per process is usually right. Connects lazily on first use, or explicitly with <see cref="ConnectAsync"/>.
/// </summary>
/// <remarks>
/// One socket reader parses server operations and hands each message to its subscription's bounded
/// channel; one send loop writes the commands all callers append (see <see cref="CommandWriter"/>).
/// Partial files by concern: Publish, Subscribe, Request, Ping, Inbound (reader), Reconnect, Drain.
/// </remarks>
public sealed partial class NatsConnection : IAsyncDisposable
{
    private readonly ILogger<NatsConnection> _logger;
    private readonly CommandWriter _commands;
    private readonly ConcurrentDictionary<long, SubscriptionBase> _subscriptions = new();
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly CancellationTokenSource _disposeCts = new();
    private readonly Lock _stateGate = new();
    private readonly List<ServerAddress> _servers;

    private volatile NatsConnectionState _state = NatsConnectionState.Closed;
    private volatile NatsServerInfo? _serverInfo;
    private ServerConnection? _current;
    private TaskCompletionSource _opened = NewOpenedSignal();
    private Exception? _closedReason;
    private long _nextSid;
    private int _disposed;

    public NatsConnection(NatsOpts? opts = null)
    {
        Opts = opts ?? NatsOpts.Default;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Opts.SubPendingCapacity, "opts.SubPendingCapacity");
        ArgumentOutOfRangeException.ThrowIfNegative(Opts.ReconnectBufferSize, "opts.ReconnectBufferSize");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Opts.PingInterval, TimeSpan.Zero, "opts.PingInterval");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Opts.ConnectTimeout, TimeSpan.Zero, "opts.ConnectTimeout");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Opts.MaxPingOut, "opts.MaxPingOut");
        SubjectValidator.Validate(Opts.InboxPrefix, "opts.InboxPrefix");
        _servers = [.. ServerAddress.ParseList(Opts.Url)];
        _logger = Opts.LoggerFactory.CreateLogger<NatsConnection>();
        _commands = new CommandWriter(Opts.ReconnectBufferSize);
    }

    public NatsOpts Opts { get; }

    public NatsConnectionState ConnectionState => _state;

    /// <summary>INFO of the server currently (or last) connected to; null before the first connect.</summary>
    public NatsServerInfo? ServerInfo => _serverInfo;

    /// <summary>Every <c>-ERR</c> from the server (permission violations included). Raised on the socket reader: keep handlers short.</summary>
    public event EventHandler<NatsServerErrorEventArgs>? ServerError;

    /// <summary>Raised after the first connect and after each reconnect.</summary>
    public event EventHandler<NatsConnectionEventArgs>? ConnectionOpened;

    /// <summary>Raised when an open connection is lost (reconnecting follows unless disposed).</summary>
    public event EventHandler<NatsConnectionEventArgs>? ConnectionDisconnected;

    /// <summary>Connects to the first reachable server of <see cref="NatsOpts.Url"/>; returns at once when already open.</summary>
    /// <exception cref="NatsException">No server could be reached (or the credentials were refused).</exception>
    public async ValueTask ConnectAsync(CancellationToken ct = default)
    {
        if (_state == NatsConnectionState.Open)
        {
            return;
        }

        await _connectGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ThrowIfClosedForGood();
            switch (_state)
            {
                case NatsConnectionState.Open:
                    return;
                case NatsConnectionState.Reconnecting:
                    break;
                default:
                    await ConnectFirstTimeAsync(ct).ConfigureAwait(false);
                    return;
            }
        }
        finally
        {
            _connectGate.Release();
        }

        await WaitUntilOpenAsync(ct).ConfigureAwait(false);
    }

    /// <summary>A unique inbox subject under <see cref="NatsOpts.InboxPrefix"/>.</summary>
    public string NewInbox() => $"{Opts.InboxPrefix}.{Nuid.Next()}";

    private async Task ConnectFirstTimeAsync(CancellationToken ct)
    {
        _state = NatsConnectionState.Connecting;
        List<Exception> errors = [];
        foreach (var address in ServerSnapshot())
        {
            try
            {
                var connection = await ServerConnection.ConnectAsync(address, Opts, ct).ConfigureAwait(false);
                Start(connection);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                ReportHandshakeError(ex);
                errors.Add(ex);
            }
            catch
            {
                _state = NatsConnectionState.Closed;
                throw;
            }
        }

        _state = NatsConnectionState.Closed;
        var reason = errors.Count == 1 ? errors[0] : new AggregateException(errors);
        throw errors.Count == 1 && errors[0] is NatsAuthorizationException auth
            ? auth
            : new NatsException($"Could not connect to any NATS server ({string.Join(", ", _servers)}): {reason.Message}", reason);
    }

    /// <summary>Makes <paramref name="connection"/> the live one: replays SUBs and buffered publishes, starts its loops.</summary>
    private void Start(ServerConnection connection)
    {
        TaskCompletionSource opened;
        lock (_stateGate)
        {
            if (_disposed != 0 || _closedReason is not null)
            {
                connection.TryMarkLost();
                connection.Abort();
                throw new NatsConnectionClosedException("The connection was closed while connecting.");
            }

            _serverInfo = connection.Info;
            AddDiscoveredServers(connection.Info);
            connection.Outbound.SendFailed = error => OnConnectionLost(connection, error);
            _commands.Attach(connection.Outbound, WriteSubscriptions);
            _current = connection;
            _state = NatsConnectionState.Open;
            opened = _opened;
        }

        connection.Loops = Task.WhenAll(
            Task.Run(() => ReadLoopAsync(connection)),
            Task.Run(() => SendLoopAsync(connection)),
            Task.Run(() => KeepAliveLoopAsync(connection)));
        Log.Connected(_logger, connection.Address.ToString(), connection.Info.ServerId, connection.Info.Version);
        opened.TrySetResult();
        Raise(ConnectionOpened, new NatsConnectionEventArgs(connection.Address.ToString()), nameof(ConnectionOpened));
    }

    private void WriteSubscriptions(System.Buffers.IBufferWriter<byte> writer)
    {
        foreach (var subscription in _subscriptions.Values)
        {
            ProtocolWriter.WriteSubscribe(writer, subscription.Sid, subscription.Subject, subscription.QueueGroup);
        }
    }

    /// <summary>Connects lazily; while reconnecting, waits for the connection to come back.</summary>
    private ValueTask EnsureOpenAsync(CancellationToken ct) =>
        _state == NatsConnectionState.Open ? default : ConnectAsync(ct);

    private async ValueTask WaitUntilOpenAsync(CancellationToken ct)
    {
        while (_state != NatsConnectionState.Open)
        {
            ThrowIfClosedForGood();
            Task opened;
            lock (_stateGate)
            {
                opened = _opened.Task;
            }

            await opened.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    private void ThrowIfClosedForGood()
    {
        if (_disposed != 0)
        {
            throw new NatsConnectionClosedException("The NATS connection has been disposed.");
        }

        if (_closedReason is { } reason)
        {
            throw new NatsConnectionClosedException($"The NATS connection is closed: {reason.Message}", reason);
        }
    }

    private List<ServerAddress> ServerSnapshot()
    {
        lock (_servers)
        {
            return [.. _servers];
        }
    }

    private void AddDiscoveredServers(NatsServerInfo info)
    {
        if (info.ConnectUrls is not { Count: > 0 } urls)
        {
            return;
        }

        lock (_servers)
        {
            foreach (var url in urls)
            {
                try
                {
                    var address = ServerAddress.Parse(url);
                    if (!_servers.Any(s => s.Host == address.Host && s.Port == address.Port))
                    {
                        _servers.Add(address);
                    }
                }
                catch (ArgumentException)
                {
                    // A malformed advertised URL must not break the connection.
                }
            }
        }
    }

    /// <summary>A -ERR during the handshake (e.g. Authorization Violation) is a server error like any other: log and raise it.</summary>
    private void ReportHandshakeError(Exception error)
    {
        if (error is NatsServerErrorException serverError)
        {
            Log.ServerError(_logger, serverError.ServerError);
            Raise(ServerError, new NatsServerErrorEventArgs(serverError), nameof(ServerError));
        }
    }

    private void Raise<T>(EventHandler<T>? handler, T args, string name)
    {
        if (handler is null)
        {
            return;
        }

        try
        {
            handler(this, args);
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(_logger, name, ex);
        }
    }

    private static TaskCompletionSource NewOpenedSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
