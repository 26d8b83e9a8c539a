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

internal static class ChannelReads
{
    /// <summary>
    /// Reads the next message, giving up after <paramref name="timeout"/> or when
    /// <paramref name="wake"/> fires. The fast path (a message is already buffered) allocates nothing.
    /// </summary>
    public static async ValueTask<(ReadOutcome Outcome, NatsMsg Msg)> ReadAsync(
        ChannelReader<NatsMsg> reader, TimeSpan? timeout, CancellationToken wake, CancellationToken ct)
    {
        if (reader.TryRead(out var msg))
        {
            return (ReadOutcome.Message, msg);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, wake);
        if (timeout is { } limit)
        {
            linked.CancelAfter(limit);
        }

        try
        {
            while (await reader.WaitToReadAsync(linked.Token).ConfigureAwait(false))
            {
                if (reader.TryRead(out msg))
                {
                    return (ReadOutcome.Message, msg);
                }
            }

            return (ReadOutcome.Completed, default);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (wake.IsCancellationRequested ? ReadOutcome.Woken : ReadOutcome.TimedOut, default);
        }
    }
}
