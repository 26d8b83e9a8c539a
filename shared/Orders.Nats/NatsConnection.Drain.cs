using Orders.Nats.Internal;

namespace Orders.Nats;

public sealed partial class NatsConnection
{
    private static readonly TimeSpan DisposeFlushTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Graceful shutdown: unsubscribes everything, lets consumers take every message already received,
    /// waits for pending requests, flushes what was published meanwhile (acks, replies) and closes.
    /// Cancel <paramref name="ct"/> to stop waiting for consumers that never finish.
    /// </summary>
    public async ValueTask DrainAsync(CancellationToken ct = default)
    {
        if (_disposed != 0)
        {
            return;
        }

        var subscriptions = _subscriptions.Values.Where(s => s is IBufferedSubscription).ToList();
        foreach (var subscription in subscriptions)
        {
            _commands.Unsubscribe(subscription.Sid);
        }

        // The subscriptions stay in the table until the PONG: everything the server sent for them
        // before it processed the UNSUBs is then in their channels, not dropped on arrival.
        await PingAfterUnsubscribeAsync(ct).ConfigureAwait(false);
        foreach (var subscription in subscriptions)
        {
            _subscriptions.TryRemove(subscription.Sid, out _);
            subscription.Complete();
        }

        // Reader.Completion finishes once a completed channel has been read empty.
        await Task.WhenAll(subscriptions.Select(s => ((IBufferedSubscription)s).ReadCompletion.ContinueWith(_ => { }, TaskScheduler.Default)))
            .WaitAsync(ct).ConfigureAwait(false);

        // Requests in flight (e.g. JetStream publish acks) end by reply or by their own timeout.
        if (_mux is { } mux)
        {
            await mux.WhenIdleAsync().WaitAsync(ct).ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Flushes what was published (bounded wait), closes the socket, ends all subscriptions and fails pending requests.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await FlushBeforeCloseAsync().ConfigureAwait(false);

        ServerConnection? connection;
        TaskCompletionSource opened;
        lock (_stateGate)
        {
            connection = _current;
            _current = null;
            _state = NatsConnectionState.Closed;
            opened = _opened;
        }

        await _disposeCts.CancelAsync().ConfigureAwait(false);
        _commands.Close();
        if (connection is not null && connection.TryMarkLost())
        {
            _commands.Detach(connection.Outbound, new NatsConnectionClosedException("The connection was disposed."));
            connection.Abort();
        }

        await IgnoreFailures(connection?.Loops).ConfigureAwait(false);
        await IgnoreFailures(_reconnectLoop).ConfigureAwait(false);

        foreach (var subscription in _subscriptions.Values)
        {
            subscription.Complete();
        }

        _subscriptions.Clear();
        opened.TrySetException(new NatsConnectionClosedException("The NATS connection has been disposed."));
        _ = opened.Task.Exception; // observed: nobody may be waiting
        _disposeCts.Dispose();
    }

    private async Task FlushBeforeCloseAsync()
    {
        if (_state != NatsConnectionState.Open)
        {
            return;
        }

        var pong = new PendingPong(hasWaiter: true);
        if (!_commands.TryPing(pong))
        {
            return;
        }

        try
        {
            await pong.Task.WaitAsync(DisposeFlushTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NatsException or TimeoutException)
        {
            // Best effort: the server is gone or too slow; closing anyway.
        }
    }

    private static async Task IgnoreFailures(Task? task)
    {
        if (task is null)
        {
            return;
        }

        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The loops report their own failures; at dispose they only end.
        }
    }
}
