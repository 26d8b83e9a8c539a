using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Orders.Nats.JetStream.Internal;

internal enum ReadOutcome
{
    Message,
    /// <summary>Nothing arrived within the timeout (e.g. missed heartbeats).</summary>
    TimedOut,
    /// <summary>The wake token fired (e.g. the connection reconnected).</summary>
    Woken,
    /// <summary>The subscription ended.</summary>
    Completed,
}

/// <summary>
/// Reads one consumer loop's buffered messages, giving up after a silence timeout or when a wake
/// token fires. One per loop (or pooled inbox): the timer source is kept and re-armed, so waiting on an empty buffer
/// does not create a <see cref="CancellationTokenSource"/> each time; without timeout and wake token
/// it waits on the channel directly. A message already buffered is returned without any allocation.
/// </summary>
internal sealed class BufferedMsgReader : IDisposable
{
    private CancellationTokenSource? _timer;
    private CancellationToken _linkedWake;
    private CancellationToken _linkedCt;

    /// <summary>Not thread-safe: one read at a time.</summary>
    public ValueTask<(ReadOutcome Outcome, NatsJSMsg Msg)> ReadAsync(
        ChannelReader<NatsJSMsg> reader, TimeSpan? timeout, CancellationToken wake, CancellationToken ct)
    {
        if (reader.TryRead(out var msg))
        {
            return new((ReadOutcome.Message, msg));
        }

        return timeout is null && !wake.CanBeCanceled ? WaitAsync(reader, ct) : WaitWithTimerAsync(reader, timeout, wake, ct);
    }

    public void Dispose() => _timer?.Dispose();

    // Pooled state machines: a loop that keeps up with its messages waits often.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<(ReadOutcome, NatsJSMsg)> WaitAsync(ChannelReader<NatsJSMsg> reader, CancellationToken ct)
    {
        while (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            if (reader.TryRead(out var msg))
            {
                return (ReadOutcome.Message, msg);
            }
        }

        return (ReadOutcome.Completed, null!);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(ReadOutcome, NatsJSMsg)> WaitWithTimerAsync(
        ChannelReader<NatsJSMsg> reader, TimeSpan? timeout, CancellationToken wake, CancellationToken ct)
    {
        var timer = Arm(timeout, wake, ct);
        try
        {
            while (await reader.WaitToReadAsync(timer.Token).ConfigureAwait(false))
            {
                if (reader.TryRead(out var msg))
                {
                    return (ReadOutcome.Message, msg);
                }
            }

            return (ReadOutcome.Completed, null!);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (wake.IsCancellationRequested ? ReadOutcome.Woken : ReadOutcome.TimedOut, null!);
        }
        finally
        {
            // Disarm; a source whose timer already fired cannot be reused and is replaced next time.
            timer.TryReset();
        }
    }

    /// <summary>The kept source, linked to the caller's token and the current wake token, counting down <paramref name="timeout"/>.</summary>
    private CancellationTokenSource Arm(TimeSpan? timeout, CancellationToken wake, CancellationToken ct)
    {
        if (_timer is null || _timer.IsCancellationRequested || wake != _linkedWake || ct != _linkedCt)
        {
            _timer?.Dispose();
            _timer = CancellationTokenSource.CreateLinkedTokenSource(ct, wake);
            _linkedWake = wake;
            _linkedCt = ct;
        }

        if (timeout is { } limit)
        {
            _timer.CancelAfter(limit);
        }

        return _timer;
    }
}
