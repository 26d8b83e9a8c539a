using Orders.Nats.Internal;

namespace Orders.Nats;

public sealed partial class NatsConnection
{
    private Task _reconnectLoop = Task.CompletedTask;

    /// <summary>
    /// Called by whichever loop notices first (reader, sender, keep-alive). Switches publishing to the
    /// reconnect buffer and starts reconnecting; later calls for the same connection do nothing.
    /// </summary>
    private void OnConnectionLost(ServerConnection connection, Exception reason)
    {
        if (!connection.TryMarkLost())
        {
            return;
        }

        var reconnect = false;
        lock (_stateGate)
        {
            if (_current == connection && _disposed == 0)
            {
                _current = null;
                _opened = NewOpenedSignal();
                _state = NatsConnectionState.Reconnecting;
                reconnect = true;
            }
        }

        _commands.Detach(connection.Outbound, reason);
        connection.Abort();
        if (!reconnect)
        {
            return;
        }

        Log.ConnectionLost(_logger, connection.Address.ToString(), reason);
        Raise(ConnectionDisconnected, new NatsConnectionEventArgs(connection.Address.ToString(), reason), nameof(ConnectionDisconnected));
        _reconnectLoop = Task.Run(() => ReconnectLoopAsync(connection.Address));
    }

    /// <summary>Tries the servers in turn, starting after the one just lost, with exponential back-off and jitter.</summary>
    private async Task ReconnectLoopAsync(ServerAddress lost)
    {
        var ct = _disposeCts.Token;
        var attempt = 0;
        var servers = ServerSnapshot();
        var index = Math.Max(0, servers.IndexOf(lost));
        while (!ct.IsCancellationRequested)
        {
            servers = ServerSnapshot();
            index = (index + 1) % servers.Count;
            var address = servers[index];
            try
            {
                // Even the first attempt waits a little: the server that just closed on us is rarely back at once.
                await Task.Delay(Backoff(attempt), ct).ConfigureAwait(false);
                var connection = await ServerConnection.ConnectAsync(address, Opts, ct).ConfigureAwait(false);
                Start(connection);
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (NatsConnectionClosedException)
            {
                return;
            }
            catch (Exception ex)
            {
                ReportHandshakeError(ex);
                attempt++;
                if (Opts.MaxReconnectRetry >= 0 && attempt > Opts.MaxReconnectRetry)
                {
                    Log.ReconnectGaveUp(_logger, attempt, ex);
                    CloseForGood(ex);
                    return;
                }

                Log.ReconnectFailed(_logger, attempt, address.ToString(), Backoff(attempt).TotalMilliseconds, ex);
            }
        }
    }

    /// <summary>ReconnectWaitMin doubled per failed attempt up to ReconnectWaitMax, with jitter so many clients do not reconnect in lockstep.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var min = Opts.ReconnectWaitMin.TotalMilliseconds;
        var max = Math.Max(min, Opts.ReconnectWaitMax.TotalMilliseconds);
        var delay = Math.Min(max, min * Math.Pow(2, Math.Min(attempt, 30)));
        return TimeSpan.FromMilliseconds(delay * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }

    /// <summary>Reconnecting gave up: everything waiting on the connection fails with <see cref="NatsConnectionClosedException"/>.</summary>
    private void CloseForGood(Exception reason)
    {
        var closed = new NatsConnectionClosedException($"Gave up reconnecting to NATS: {reason.Message}", reason);
        TaskCompletionSource opened;
        lock (_stateGate)
        {
            _closedReason = reason;
            _state = NatsConnectionState.Closed;
            opened = _opened;
        }

        _commands.Close();
        foreach (var subscription in _subscriptions.Values)
        {
            subscription.Fault(closed);
        }

        _subscriptions.Clear();
        opened.TrySetException(closed);
    }
}
