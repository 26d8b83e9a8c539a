using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Orders.Nats.Internal;

/// <summary>
/// One TCP connection to one server, from handshake (INFO, CONNECT, PING/PONG) to abort. A new
/// instance is made for every reconnect; the owning <see cref="NatsConnection"/> outlives it.
/// </summary>
internal sealed class ServerConnection
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _cts = new();
    private int _lost;

    private ServerConnection(ServerAddress address, Socket socket, NetworkStream stream, PipeReader reader, NatsServerInfo info)
    {
        Address = address;
        _socket = socket;
        Stream = stream;
        Reader = reader;
        Info = info;
        Outbound = new Outbound(stream, _cts.Token);
    }

    public ServerAddress Address { get; }

    public NetworkStream Stream { get; }

    public PipeReader Reader { get; }

    public NatsServerInfo Info { get; }

    public Outbound Outbound { get; }

    public CancellationToken Token => _cts.Token;

    /// <summary>Keep-alive PINGs sent since the last PONG.</summary>
    public int PingsOut;

    public Task Loops { get; set; } = Task.CompletedTask;

    /// <summary>Opens the socket and completes the handshake within <see cref="NatsOpts.ConnectTimeout"/>.</summary>
    public static async Task<ServerConnection> ConnectAsync(ServerAddress address, NatsOpts opts, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(opts.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        NetworkStream? stream = null;
        PipeReader? reader = null;
        try
        {
            await socket.ConnectAsync(address.Host, address.Port, timeout.Token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));

            var handshake = new HandshakeHandler();
            await ReadUntilAsync(reader, handshake, h => h.Info is not null, timeout.Token).ConfigureAwait(false);

            await stream.WriteAsync(ConnectCommand.Build(opts, address), timeout.Token).ConfigureAwait(false);
            await ReadUntilAsync(reader, handshake, h => h.PongReceived, timeout.Token).ConfigureAwait(false);
            return new ServerConnection(address, socket, stream, reader, handshake.Info!);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await DisposeAsync(socket, stream, reader).ConfigureAwait(false);
            throw new NatsException($"Connecting to {address} timed out after {opts.ConnectTimeout.TotalMilliseconds:0} ms.");
        }
        catch
        {
            await DisposeAsync(socket, stream, reader).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Marks the connection lost; true only for the first caller (so loss is handled once).</summary>
    public bool TryMarkLost() => Interlocked.Exchange(ref _lost, 1) == 0;

    /// <summary>Cancels the loops and closes the socket.</summary>
    public void Abort()
    {
        try
        {
            _cts.Cancel();
        }
        catch (AggregateException)
        {
            // Callbacks of our own loops only; nothing to report.
        }

        Stream.Dispose();
        _socket.Dispose();
    }

    private static async Task ReadUntilAsync(PipeReader reader, HandshakeHandler handler, Func<HandshakeHandler, bool> done, CancellationToken ct)
    {
        while (!done(handler))
        {
            var result = await reader.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            while (!done(handler) && ProtocolParser.TryParseOne(ref buffer, handler))
            {
            }

            reader.AdvanceTo(buffer.Start, result.Buffer.End);
            handler.ThrowIfError();
            if (result.IsCompleted && !done(handler))
            {
                throw new NatsException("The server closed the connection during the handshake.");
            }
        }
    }

    private static async ValueTask DisposeAsync(Socket socket, NetworkStream? stream, PipeReader? reader)
    {
        if (reader is not null)
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }

        if (stream is not null)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }

        socket.Dispose();
    }

    /// <summary>Collects INFO, PONG and -ERR during the handshake; nothing else is expected yet.</summary>
    private sealed class HandshakeHandler : IServerOpHandler
    {
        private string? _error;

        public NatsServerInfo? Info { get; private set; }

        public bool PongReceived { get; private set; }

        public void ThrowIfError()
        {
            if (_error is not null)
            {
                throw _error.Contains("Authorization Violation", StringComparison.OrdinalIgnoreCase)
                    || _error.Contains("Authentication", StringComparison.OrdinalIgnoreCase)
                    ? new NatsAuthorizationException(_error)
                    : new NatsServerErrorException(_error);
            }
        }

        public void OnInfo(ReadOnlySpan<byte> json) =>
            Info = JsonSerializer.Deserialize(json, NatsJsonContext.Default.NatsServerInfo)
                   ?? throw new NatsProtocolException("Empty INFO from server.");

        public void OnPong() => PongReceived = true;

        public void OnError(ReadOnlySpan<byte> message) => _error ??= Encoding.UTF8.GetString(message);

        public void OnMsg(ReadOnlySpan<byte> subject, ReadOnlySpan<byte> sid, ReadOnlySpan<byte> replyTo,
                          in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload) =>
            throw new NatsProtocolException("Message received before the handshake completed.");

        public void OnPing()
        {
        }

        public void OnOk()
        {
        }
    }
}
