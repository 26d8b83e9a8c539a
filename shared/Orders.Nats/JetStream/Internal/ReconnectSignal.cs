namespace Orders.Nats.JetStream.Internal;

/// <summary>
/// Lets a connection event (raised on the connection's thread) interrupt a consumer loop that is
/// waiting for messages, so it can re-issue its pull requests at once after a reconnect.
/// </summary>
internal sealed class ReconnectSignal : IDisposable
{
    private CancellationTokenSource _wake = new();
    private int _signalled;

    /// <summary>Cancelled when a reconnect was signalled since the last <see cref="TryTake"/>.</summary>
    public CancellationToken WakeToken => Volatile.Read(ref _wake).Token;

    public void Signal()
    {
        Volatile.Write(ref _signalled, 1);
        try
        {
            Volatile.Read(ref _wake).Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Replaced by TryTake in the meantime; the flag is still seen on the next turn.
        }
    }

    /// <summary>True once per signal. Re-arms the wake token first so no signal is lost in between.</summary>
    public bool TryTake()
    {
        if (Volatile.Read(ref _wake).IsCancellationRequested)
        {
            Interlocked.Exchange(ref _wake, new CancellationTokenSource()).Dispose();
        }

        return Interlocked.Exchange(ref _signalled, 0) == 1;
    }

    public void Dispose() => Volatile.Read(ref _wake).Dispose();
}
