namespace Orders.Nats.Internal;

/// <summary>
/// The outgoing side of one socket connection. Any thread appends commands to <see cref="Buffer"/>
/// under <see cref="CommandWriter"/>'s lock; one sender at a time (the send loop, or a publisher that
/// found the socket idle) takes the whole buffer and writes it in few socket writes.
/// </summary>
internal sealed class Outbound(Stream socket, CancellationToken token)
{
    public Stream Socket { get; } = socket;

    /// <summary>The connection's lifetime: cancelled when it is aborted.</summary>
    public CancellationToken Token { get; } = token;

    public SendSignal Signal { get; } = new();

    /// <summary>Called when a publisher writing to the socket itself hits an error (the connection is lost).</summary>
    public Action<Exception>? SendFailed { get; set; }

    // Below: guarded by CommandWriter's lock, except InFlight, which only the current sender touches.
    public OutboundBuffer Buffer { get; } = new();

    /// <summary>The batch the current sender is writing.</summary>
    public List<ArraySegment<byte>> InFlight { get; } = [];

    /// <summary>Bytes in <see cref="Buffer"/> plus <see cref="InFlight"/>: what back-pressure counts.</summary>
    public long PendingBytes;

    /// <summary>Someone is writing <see cref="InFlight"/> to the socket; nobody else may start.</summary>
    public bool Sending;

    /// <summary>The send loop was released and has not looked at the buffer yet.</summary>
    public bool Signalled;

    public bool Detached;

    public Queue<PendingPong> Pongs { get; } = new();
}
