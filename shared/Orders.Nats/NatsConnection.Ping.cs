using Orders.Nats.Internal;

namespace Orders.Nats;

public sealed partial class NatsConnection
{
    /// <summary>
    /// Round trip to the server. Also a barrier: when it returns, the server has processed everything
    /// this connection sent before, and everything the server sent before the PONG has been dispatched.
    /// </summary>
    public async ValueTask<TimeSpan> PingAsync(CancellationToken ct = default)
    {
        while (true)
        {
            await EnsureOpenAsync(ct).ConfigureAwait(false);
            var pong = new PendingPong(hasWaiter: true);
            if (_commands.TryPing(pong))
            {
                return await pong.Task.WaitAsync(ct).ConfigureAwait(false);
            }

            // Lost between the check and the write: wait for the reconnect and try again.
        }
    }

    /// <summary>Sends a PING every <see cref="NatsOpts.PingInterval"/>; too many unanswered means the connection is stale.</summary>
    private async Task KeepAliveLoopAsync(ServerConnection connection)
    {
        try
        {
            using var timer = new PeriodicTimer(Opts.PingInterval);
            while (await timer.WaitForNextTickAsync(connection.Token).ConfigureAwait(false))
            {
                var pingsOut = Volatile.Read(ref connection.PingsOut);
                if (pingsOut >= Opts.MaxPingOut)
                {
                    Log.Stale(_logger, pingsOut);
                    OnConnectionLost(connection, new NatsException($"Stale connection: {pingsOut} PINGs unanswered."));
                    return;
                }

                Interlocked.Increment(ref connection.PingsOut);
                _commands.TryPing(PendingPong.KeepAlive);
            }
        }
        catch (OperationCanceledException) when (connection.Token.IsCancellationRequested)
        {
        }
    }
}
