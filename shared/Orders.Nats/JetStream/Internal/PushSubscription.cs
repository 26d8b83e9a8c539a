using System.Threading.Channels;

namespace Orders.Nats.JetStream.Internal;

/// <summary>
/// The deliver-subject subscription of one push consumer loop, replaced when the server lost it, and
/// drained when the caller asks the loop to stop receiving: the server is told to stop delivering
/// (UNSUB) while the messages already buffered stay readable, after which <see cref="Msgs"/> completes.
/// </summary>
internal sealed class PushSubscription : IAsyncDisposable
{
    private readonly CancellationToken _stopReceiving;
    private readonly CancellationTokenRegistration _registration;
    private JSMsgSubscription _current;

    public PushSubscription(JSMsgSubscription subscription, CancellationToken stopReceiving)
    {
        _current = subscription;
        _stopReceiving = stopReceiving;
        // Runs at once when already requested. Unsubscribing only writes UNSUB and completes the
        // channel, so it is fine on whichever thread cancels the token.
        _registration = stopReceiving.UnsafeRegister(static state => ((PushSubscription)state!).StopReceiving(), this);
    }

    public ChannelReader<NatsJSMsg> Msgs => Volatile.Read(ref _current).Msgs;

    /// <summary>The caller asked to stop receiving: no re-subscribing; the enumeration ends once the buffer is read.</summary>
    public bool IsDraining => _stopReceiving.IsCancellationRequested;

    /// <summary>Drops the current subscription and subscribes again (the server no longer saw it).</summary>
    public async ValueTask ReplaceAsync(Func<CancellationToken, ValueTask<JSMsgSubscription>> subscribe, CancellationToken ct)
    {
        var fresh = await subscribe(ct).ConfigureAwait(false);
        var old = Interlocked.Exchange(ref _current, fresh);
        await old.DisposeAsync().ConfigureAwait(false);

        // The token is marked cancelled before its callbacks run: if the callback saw the old
        // subscription, this check sees the request and drains the new one.
        if (IsDraining)
        {
            await fresh.UnsubscribeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _registration.DisposeAsync().ConfigureAwait(false);
        await Volatile.Read(ref _current).DisposeAsync().ConfigureAwait(false);
    }

    // Drain, not unsubscribe: the messages the server sent before it processed the UNSUB still reach
    // the caller (an unsubscribe would drop them, and the server would redeliver them after the ack
    // wait: a redelivery caused by nothing but the shutdown).
    private void StopReceiving() => _ = Volatile.Read(ref _current).DrainAsync();
}
