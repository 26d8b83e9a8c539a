using System.Buffers;
using System.Runtime.CompilerServices;

namespace Orders.Nats.Internal;

/// <summary>
/// Serialises every client command. While connected, commands are appended to the current
/// <see cref="Outbound"/>'s buffer under a lock and written to the socket by one sender at a time:
/// the send loop, or (like nats.go) a publisher that finds the socket idle and either a full chunk
/// (64 KB) buffered or a command someone is waiting on (a request, a reply). While disconnected, publishes go to a
/// bounded reconnect buffer that is replayed after the next connection's SUBs; SUB/UNSUB/PING are not
/// buffered (subscriptions are re-sent from the table).
/// </summary>
internal sealed class CommandWriter(int reconnectBufferCapacity)
{
    /// <summary>Unsent bytes above which publishers wait for the socket (back-pressure instead of unbounded memory).</summary>
    public const long HighWaterBytes = 4 * 1024 * 1024;

    private const long LowWaterBytes = 1024 * 1024;

    private readonly Lock _gate = new();
    private readonly int _reconnectBufferCapacity = reconnectBufferCapacity;
    private ArrayBufferWriter<byte> _reconnectBuffer = new();
    private Outbound? _outbound;
    private bool _closed;
    private TaskCompletionSource? _spaceAvailable;

    /// <summary>Who writes a command to the socket.</summary>
    public enum Flush
    {
        /// <summary>Batched; the caller writes the buffer itself only when a full chunk is waiting and the socket is idle.</summary>
        Batch,

        /// <summary>Someone waits for the answer (request, reply): the caller writes at once if the socket is idle.</summary>
        Now,

        /// <summary>Never on the caller's thread (the socket reader, synchronous callers): always the send loop.</summary>
        Background,
    }

    private enum Next
    {
        Nothing,
        WakeLoop,
        SendInline,
    }

    public ValueTask PublishAsync(in WireSubject subject, in WireSubject replyTo, NatsHeaders? headers, ReadOnlyMemory<byte> payload, Flush flush, CancellationToken ct)
    {
        Outbound? outbound;
        Next next;
        lock (_gate)
        {
            outbound = _outbound;
            if (outbound is null || outbound.PendingBytes >= HighWaterBytes)
            {
                return PublishSlowAsync(subject, replyTo, headers, payload, flush, ct);
            }

            outbound.PendingBytes += ProtocolWriter.WritePublish(outbound.Buffer, subject, replyTo, headers, payload.Span);
            next = AfterWrite(outbound, flush);
        }

        // Most publishes only buffer: return without another call.
        return next == Next.Nothing ? default : Continue(outbound, next);
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
        Outbound? outbound;
        Next next;
        lock (_gate)
        {
            outbound = _outbound;
            if (outbound is null)
            {
                return false;
            }

            outbound.Pongs.Enqueue(pong);
            outbound.PendingBytes += ProtocolWriter.WritePing(outbound.Buffer);
            next = AfterWrite(outbound, Flush.Background);
        }

        _ = Continue(outbound, next);
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

            writePreamble(outbound.Buffer);
            if (_reconnectBuffer.WrittenCount > 0)
            {
                outbound.Buffer.Write(_reconnectBuffer.WrittenSpan);
                _reconnectBuffer = new ArrayBufferWriter<byte>();
            }

            outbound.PendingBytes = outbound.Buffer.Length;
            outbound.Signalled = true;
            _outbound = outbound;
        }

        outbound.Signal.Release();
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
            outbound.Buffer.Discard();
            pongs = [.. outbound.Pongs];
            outbound.Pongs.Clear();
            space = _spaceAvailable;
            _spaceAvailable = null;
        }

        outbound.Signal.Release();
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
    /// The send loop of <paramref name="outbound"/>: woken when commands were buffered and nobody is
    /// writing, it writes everything buffered until the buffer is empty. Ends when detached or cancelled.
    /// </summary>
    public async Task RunSendLoopAsync(Outbound outbound)
    {
        using var cancel = outbound.Token.UnsafeRegister(static signal => ((SendSignal)signal!).Cancel(), outbound.Signal);
        while (true)
        {
            await outbound.Signal.WaitAsync().ConfigureAwait(false);
            while (true)
            {
                lock (_gate)
                {
                    if (outbound.Detached)
                    {
                        return;
                    }

                    outbound.Signalled = false;
                    if (outbound.Sending || outbound.Buffer.Length == 0)
                    {
                        // Empty, or a publisher is writing: it wakes us again if it leaves anything behind.
                        break;
                    }

                    BeginSend(outbound);
                }

                try
                {
                    await WriteInFlightAsync(outbound).ConfigureAwait(false);
                }
                finally
                {
                    EndSend(outbound, byLoop: true);
                }
            }
        }
    }

    /// <summary>Under the lock, after a write: who sends it? Nobody new while a sender is busy: it looks at the buffer again when it is done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Next AfterWrite(Outbound outbound, Flush flush)
    {
        if (outbound.Sending)
        {
            return Next.Nothing;
        }

        if (flush == Flush.Now)
        {
            BeginSend(outbound);
            return Next.SendInline;
        }

        if (flush == Flush.Batch && outbound.Buffer.HasFullChunks)
        {
            // Full chunks only: socket writes of a whole chunk each; the partial one waits for more.
            outbound.Sending = true;
            outbound.Buffer.TakeFullChunks(outbound.InFlight);
            return Next.SendInline;
        }

        if (outbound.Signalled)
        {
            return Next.Nothing;
        }

        outbound.Signalled = true;
        return Next.WakeLoop;
    }

    private static void BeginSend(Outbound outbound)
    {
        outbound.Sending = true;
        outbound.Buffer.TakeAll(outbound.InFlight);
    }

    private ValueTask Continue(Outbound outbound, Next next)
    {
        switch (next)
        {
            case Next.WakeLoop:
                outbound.Signal.Release();
                return default;
            case Next.SendInline:
                return SendInlineAsync(outbound);
            default:
                return default;
        }
    }

    /// <summary>
    /// A caller writes the batch it took itself. On loopback the socket write almost always completes
    /// synchronously, so this costs no thread hop and no allocation; if the socket is full the caller
    /// waits for it, which is back-pressure on the fastest publisher.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendInlineAsync(Outbound outbound)
    {
        try
        {
            await WriteInFlightAsync(outbound).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The command was accepted; like anything else unsent when a connection dies it is lost
            // with the connection, which the reconnect logic reports.
            EndSend(outbound, byLoop: false);
            if (!outbound.Token.IsCancellationRequested)
            {
                outbound.SendFailed?.Invoke(ex);
            }

            return;
        }

        EndSend(outbound, byLoop: false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask WriteInFlightAsync(Outbound outbound)
    {
        foreach (var segment in outbound.InFlight)
        {
            await outbound.Socket.WriteAsync(segment.AsMemory(), outbound.Token).ConfigureAwait(false);
        }
    }

    /// <summary>The sender is done: chunks back to the pool, publishers waiting for space released, leftovers handed to the loop.</summary>
    private void EndSend(Outbound outbound, bool byLoop)
    {
        TaskCompletionSource? space = null;
        var wakeLoop = false;
        lock (_gate)
        {
            long sent = 0;
            foreach (var segment in outbound.InFlight)
            {
                sent += segment.Count;
            }

            OutboundBuffer.Release(outbound.InFlight);
            outbound.Sending = false;
            outbound.PendingBytes -= sent;
            if (outbound.PendingBytes < LowWaterBytes && _spaceAvailable is not null)
            {
                space = _spaceAvailable;
                _spaceAvailable = null;
            }

            if (!byLoop && !outbound.Detached && outbound.Buffer.Length > 0 && !outbound.Signalled)
            {
                outbound.Signalled = true;
                wakeLoop = true;
            }
        }

        if (wakeLoop)
        {
            outbound.Signal.Release();
        }

        space?.TrySetResult();
    }

    private async ValueTask PublishSlowAsync(WireSubject subject, WireSubject replyTo, NatsHeaders? headers, ReadOnlyMemory<byte> payload,
                                             Flush flush, CancellationToken ct)
    {
        while (true)
        {
            Task spaceAvailable;
            Outbound? written = null;
            var next = Next.Nothing;
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
                        throw new NatsReconnectBufferFullException(subject.ToString(), size, _reconnectBuffer.WrittenCount, _reconnectBufferCapacity);
                    }

                    ProtocolWriter.WritePublish(_reconnectBuffer, subject, replyTo, headers, payload.Span);
                    return;
                }

                if (outbound.PendingBytes < HighWaterBytes)
                {
                    outbound.PendingBytes += ProtocolWriter.WritePublish(outbound.Buffer, subject, replyTo, headers, payload.Span);
                    next = AfterWrite(outbound, flush);
                    written = outbound;
                    spaceAvailable = Task.CompletedTask;
                }
                else
                {
                    _spaceAvailable ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    spaceAvailable = _spaceAvailable.Task;
                }
            }

            if (written is not null)
            {
                await Continue(written, next).ConfigureAwait(false);
                return;
            }

            await spaceAvailable.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    private void WriteControl(Func<IBufferWriter<byte>, int> write, Outbound? only = null)
    {
        Outbound? outbound;
        Next next;
        lock (_gate)
        {
            outbound = _outbound;
            if (outbound is null || (only is not null && outbound != only))
            {
                return;
            }

            outbound.PendingBytes += write(outbound.Buffer);
            next = AfterWrite(outbound, Flush.Background);
        }

        _ = Continue(outbound, next);
    }
}
