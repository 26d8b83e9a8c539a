using System.Buffers;
using System.Text;
using System.Text.Json;
using Orders.Nats.Internal;

namespace Orders.Nats;

public sealed partial class NatsConnection
{
    /// <summary>The single socket reader: parses server operations and dispatches them without blocking.</summary>
    private async Task ReadLoopAsync(ServerConnection connection)
    {
        var reader = connection.Reader;
        var handler = new InboundHandler(this, connection);
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(connection.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    ProtocolParser.ParseAll(ref buffer, handler);
                }
                finally
                {
                    handler.EndReadBatch();
                }

                reader.AdvanceTo(buffer.Start, result.Buffer.End);
                if (result.IsCompleted)
                {
                    throw new NatsException(handler.LastError is null
                        ? "The server closed the connection."
                        : $"The server closed the connection after: {handler.LastError}");
                }
            }
        }
        catch (Exception ex) when (!connection.Token.IsCancellationRequested)
        {
            OnConnectionLost(connection, ex);
        }
        catch (Exception)
        {
            // Aborted by us (reconnect or dispose): nothing to report.
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task SendLoopAsync(ServerConnection connection)
    {
        try
        {
            await _commands.RunSendLoopAsync(connection.Outbound).ConfigureAwait(false);
        }
        catch (Exception ex) when (!connection.Token.IsCancellationRequested)
        {
            OnConnectionLost(connection, ex);
        }
        catch (Exception)
        {
            // Aborted by us.
        }
    }

    /// <summary>Hands the message to its subscription; returns it (null when there is none any more).</summary>
    private SubscriptionBase? DispatchMsg(ReadOnlySpan<byte> subject, ReadOnlySpan<byte> sid, ReadOnlySpan<byte> replyTo,
                                          in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload)
    {
        // Messages for a subscription removed a moment ago are expected; they are ignored.
        if (TryParseSid(sid, out var id) && _subscriptions.TryGetValue(id, out var subscription))
        {
            subscription.Deliver(subject, replyTo, headers, payload);
            return subscription;
        }

        return null;
    }

    private void OnServerError(string text)
    {
        Log.ServerError(_logger, text);
        NatsServerErrorException error;
        if (PermissionViolation.TryParse(text, out var violation))
        {
            var denied = new NatsAuthorizationException(text, violation.Subject);
            error = denied;
            if (violation.IsSubscription)
            {
                FaultSubscriptions(violation, denied);
            }
            else
            {
                _mux?.FailRequestsTo(violation.Subject, denied);
            }
        }
        else
        {
            error = text.Contains("Authorization Violation", StringComparison.OrdinalIgnoreCase)
                ? new NatsAuthorizationException(text)
                : new NatsServerErrorException(text);
        }

        Raise(ServerError, new NatsServerErrorEventArgs(error), nameof(ServerError));
    }

    /// <summary>The server did not register these subscriptions: drop them from the table and end their channels with the error.</summary>
    private void FaultSubscriptions(PermissionViolation violation, NatsAuthorizationException error)
    {
        foreach (var subscription in _subscriptions.Values)
        {
            if (string.Equals(subscription.Subject, violation.Subject, StringComparison.Ordinal)
                && (violation.QueueGroup is null || string.Equals(subscription.QueueGroup, violation.QueueGroup, StringComparison.Ordinal))
                && _subscriptions.TryRemove(subscription.Sid, out _))
            {
                Log.SubscriptionRefused(_logger, subscription.Subject, subscription.Sid, error.ServerError);
                subscription.Fault(error);
            }
        }
    }

    private void OnAsyncInfo(ServerConnection connection, ReadOnlySpan<byte> json)
    {
        var info = JsonSerializer.Deserialize(json, NatsJsonContext.Default.NatsServerInfo);
        if (info is null)
        {
            return;
        }

        _serverInfo = info;
        AddDiscoveredServers(info);
        if (info.LameDuckMode)
        {
            Log.LameDuck(_logger, connection.Address.ToString());
        }
    }

    private static bool TryParseSid(ReadOnlySpan<byte> sid, out long id)
    {
        id = 0;
        if (sid.IsEmpty || sid.Length > 18)
        {
            return false;
        }

        foreach (var b in sid)
        {
            var digit = b - (byte)'0';
            if ((uint)digit > 9)
            {
                return false;
            }

            id = (id * 10) + digit;
        }

        return true;
    }

    /// <summary>Routes parsed operations of one server connection.</summary>
    private sealed class InboundHandler(NatsConnection owner, ServerConnection connection) : IServerOpHandler
    {
        // Subscriptions delivered to during the current read that want OnReadBatchEnd.
        private readonly List<SubscriptionBase> _batchEnd = [];

        public string? LastError { get; private set; }

        public void OnMsg(ReadOnlySpan<byte> subject, ReadOnlySpan<byte> sid, ReadOnlySpan<byte> replyTo,
                          in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload)
        {
            var subscription = owner.DispatchMsg(subject, sid, replyTo, headers, payload);
            if (subscription is { WantsReadBatchEnd: true, AwaitsReadBatchEnd: false })
            {
                subscription.AwaitsReadBatchEnd = true;
                _batchEnd.Add(subscription);
            }
        }

        /// <summary>After every read, even one whose parsing failed: collected work must not be left undone.</summary>
        public void EndReadBatch()
        {
            if (_batchEnd.Count == 0)
            {
                return;
            }

            foreach (var subscription in _batchEnd)
            {
                subscription.AwaitsReadBatchEnd = false;
                subscription.OnReadBatchEnd();
            }

            _batchEnd.Clear();
        }

        public void OnInfo(ReadOnlySpan<byte> json) => owner.OnAsyncInfo(connection, json);

        public void OnPing() => owner._commands.Pong(connection.Outbound);

        public void OnPong()
        {
            // A PONG can end a drain, which completes the subscriptions: the messages before it must be in them first.
            EndReadBatch();
            Volatile.Write(ref connection.PingsOut, 0);
            owner._commands.OnPong(connection.Outbound);
        }

        public void OnOk()
        {
        }

        public void OnError(ReadOnlySpan<byte> message)
        {
            LastError = Encoding.UTF8.GetString(message);
            owner.OnServerError(LastError);
        }
    }
}
