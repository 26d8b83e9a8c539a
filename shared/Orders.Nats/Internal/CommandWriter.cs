using System.Buffers;

namespace Orders.Nats.Internal;

/// <summary>
/// Serialises every client command. While connected, commands go to the current <see cref="Outbound"/>
/// (a cheap append under a lock; one send loop batches them into few socket writes). While
/// disconnected, publishes go to a bounded reconnect buffer that is replayed after the next
/// connection's SUBs; SUB/UNSUB/PING are not buffered (subscriptions are re-sent from the table).
/// </summary>
internal sealed class CommandWriter(int reconnectBufferCapacity)
{
    /// <summary>Unsent bytes above which publishers wait for the socket (back-pressure instead of unbounded memory).</summary>
    private const long HighWaterBytes = 16 * 1024 * 1024;

    private const long LowWaterBytes = 4 * 1024 * 1024;

    private readonly Lock _gate = new();
    private readonly int _reconnectBufferCapacity = reconnectBufferCapacity;
    private ArrayBufferWriter<byte> _reconnectBuffer = new();
    private Outbound? _outbound;
    private bool _closed;
    private TaskCompletionSource? _spaceAvailable;

    public ValueTask PublishAsync(string subject, string? replyTo, NatsHeaders? headers, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        Outbound? signal = null;
        lock (_gate)
        {
            var outbound = _outbound;
            if (outbound is null || outbound.PendingBytes >= HighWaterBytes)
            {
                return PublishSlowAsync(subject, replyTo, headers, payload, ct);
            }

            outbound.PendingBytes += ProtocolWriter.WritePublish(outbound.Pipe.Writer, subject, replyTo, headers, payload.Span);
            if (!outbound.FlushRequested)
            {
                outbound.FlushRequested = true;
                signal = outbound;
            }
        }

        signal?.DataAvailable.Release();
        return default;
    }

    /// <summary>Writes SUB when connected; otherwise nothing (the subscription table is replayed on reconnect).</summary>
    public void Subscribe(long sid, string subject, string? queueGroup) =>
        WriteControl(w => ProtocolWriter.WriteSubscribe(w, sid, subject, queueGroup));

    public void Unsubscribe(long sid) => WriteControl(w => ProtocolWriter.WriteUnsubscribe(w, sid));

    /// <summary>Answers a server PING on the connection that sent it (never on a newer one).</summary>
    public void Pong(Outbound outbound) => WriteControl(ProtocolWriter.WritePong, outbound);

    /// <summary>Writes PING and queues <paramref name="pong"/> in the same order; false when not connected.</summary>
    public bool TryPing(PendingPong pong)
    {
        Outbound? signal;
        lock (_gate)
        {
            signal = _outbound;
            if (signal is null)
            {
                return false;
            }

            signal.Pongs.Enqueue(pong);
            signal.PendingBytes += ProtocolWriter.WritePing(signal.Pipe.Writer);
            if (signal.FlushRequested)
            {
                signal = null;
            }
            else
            {
                signal.FlushRequested = true;
            }
        }

        signal?.DataAvailable.Release();
        return true;
    }

    /// <summary>Completes the oldest ping of <paramref name="outbound"/> (the server answers PINGs in order).</summary>
    public void OnPong(Outbound outbound)
    {
        PendingPong? pong;
        lock (_gate)
        {
            outbound.Pongs.TryDequeue(out pong);
        }

        pong?.Complete();
    }

    /// <summary>
    /// Makes <paramref name="outbound"/> the live connection: <paramref name="writePreamble"/> (the SUBs)
    /// goes first, then the publishes buffered while disconnected.
    /// </summary>
    public void Attach(Outbound outbound, Action<IBufferWriter<byte>> writePreamble)
    {
        lock (_gate)
        {
            if (_closed)
            {
                throw new NatsConnectionClosedException("The connection is closed.");
            }

            var writer = outbound.Pipe.Writer;
            writePreamble(writer);
            if (_reconnectBuffer.WrittenCount > 0)
            {
                writer.Write(_reconnectBuffer.WrittenSpan);
                outbound.PendingBytes += _reconnectBuffer.WrittenCount;
                _reconnectBuffer = new ArrayBufferWriter<byte>();
            }

            outbound.FlushRequested = true;
            _outbound = outbound;
        }

        outbound.DataAvailable.Release();
    }

    /// <summary>Stops writing to <paramref name="outbound"/> (its socket is gone); later publishes are buffered.</summary>
    public void Detach(Outbound outbound, Exception reason)
    {
        PendingPong[] pongs;
        TaskCompletionSource? space;
        lock (_gate)
        {
            if (_outbound == outbound)
            {
                _outbound = null;
            }

            outbound.Detached = true;
            pongs = [.. outbound.Pongs];
            outbound.Pongs.Clear();
            space = _spaceAvailable;
            _spaceAvailable = null;
            outbound.Pipe.Writer.Complete();
        }

        outbound.DataAvailable.Release();
        space?.TrySetResult();
        foreach (var pong in pongs)
        {
            pong.Fail(new NatsException("The connection was lost before the server answered PING.", reason));
        }
    }

    /// <summary>Refuses all further commands; the reconnect buffer is discarded.</summary>
    public void Close()
    {
        TaskCompletionSource? space;
        lock (_gate)
        {
            _closed = true;
            _reconnectBuffer = new ArrayBufferWriter<byte>();
            space = _spaceAvailable;
            _spaceAvailable = null;
        }

        space?.TrySetResult();
    }

    /// <summary>
    /// The single send loop of <paramref name="outbound"/>: commits what publishers appended, then writes
    /// everything committed to the socket in as few writes as possible. Ends when detached or cancelled.
    /// </summary>
    public async Task RunSendLoopAsync(Outbound outbound, Stream socket, CancellationToken ct)
    {
        var reader = outbound.Pipe.Reader;
        try
        {
            while (true)
            {
                await outbound.DataAvailable.WaitAsync(ct).ConfigureAwait(false);
                if (!Commit(outbound))
                {
                    return;
                }

                while (reader.TryRead(out var result))
                {
                    var buffer = result.Buffer;
                    if (buffer.IsEmpty)
                    {
                        reader.AdvanceTo(buffer.End);
                        break;
                    }

                    // Measure before AdvanceTo: afterwards the segments belong to the pipe again and a
                    // publisher may already be reusing them, so a multi-segment buffer's Length is garbage.
                    var length = buffer.Length;
                    foreach (var segment in buffer)
                    {
                        await socket.WriteAsync(segment, ct).ConfigureAwait(false);
                    }

                    reader.AdvanceTo(buffer.End);
                    Sent(outbound, length);
                    if (result.IsCompleted)
                    {
                        return;
                    }
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private bool Commit(Outbound outbound)
    {
        lock (_gate)
        {
            if (outbound.Detached)
            {
                return false;
            }

            if (outbound.FlushRequested)
            {
                outbound.FlushRequested = false;

                // Completes synchronously: the pipe never pauses (see Outbound).
                _ = outbound.Pipe.Writer.FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
            }

            return true;
        }
    }

    private void Sent(Outbound outbound, long bytes)
    {
        TaskCompletionSource? space = null;
        lock (_gate)
        {
            outbound.PendingBytes -= bytes;
            if (outbound.PendingBytes < LowWaterBytes && _spaceAvailable is not null)
            {
                space = _spaceAvailable;
                _spaceAvailable = null;
            }
        }

        space?.TrySetResult();
    }

    private async ValueTask PublishSlowAsync(string subject, string? replyTo, NatsHeaders? headers, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        while (true)
        {
            Task wait;
            Outbound? signal = null;
            lock (_gate)
            {
                if (_closed)
                {
                    throw new NatsConnectionClosedException($"Cannot publish to '{subject}': the connection is closed.");
                }

                var outbound = _outbound;
                if (outbound is null)
                {
                    var size = ProtocolWriter.PublishSize(subject, replyTo, headers, payload.Length);
                    if (_reconnectBuffer.WrittenCount + (long)size > _reconnectBufferCapacity)
                    {
                        throw new NatsReconnectBufferFullException(subject, size, _reconnectBuffer.WrittenCount, _reconnectBufferCapacity);
                    }

                    ProtocolWriter.WritePublish(_reconnectBuffer, subject, replyTo, headers, payload.Span);
                    return;
                }

                if (outbound.PendingBytes < HighWaterBytes)
                {
                    outbound.PendingBytes += ProtocolWriter.WritePublish(outbound.Pipe.Writer, subject, replyTo, headers, payload.Span);
                    if (!outbound.FlushRequested)
                    {
                        outbound.FlushRequested = true;
                        signal = outbound;
                    }

                    wait = Task.CompletedTask;
                }
                else
                {
                    _spaceAvailable ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    wait = _spaceAvailable.Task;
                }
            }

            if (signal is not null)
            {
                signal.DataAvailable.Release();
                return;
            }

            if (wait.IsCompleted)
            {
                return;
            }

            await wait.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    private void WriteControl(Func<IBufferWriter<byte>, int> write, Outbound? only = null)
    {
        Outbound? signal;
        lock (_gate)
        {
            signal = _outbound;
            if (signal is null || (only is not null && signal != only))
            {
                return;
            }

            signal.PendingBytes += write(signal.Pipe.Writer);
            if (signal.FlushRequested)
            {
                signal = null;
            }
            else
            {
                signal.FlushRequested = true;
            }
        }

        signal?.DataAvailable.Release();
    }
}
