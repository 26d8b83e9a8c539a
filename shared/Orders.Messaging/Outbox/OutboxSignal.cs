using System.Threading.Channels;

namespace Orders.Messaging.Outbox;

/// <summary>
/// Wakes the outbox relay after a commit wrote outbox rows, so events leave at once instead of at
/// the next poll. Notifications coalesce: many commits during one relay pass cause one more pass.
/// One per service (a DI singleton shared by <see cref="Persistence.MessageCommitter"/> and the relay).
/// </summary>
public sealed class OutboxSignal
{
    private readonly Channel<bool> _pending = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Records that new outbox rows are committed. Never blocks.</summary>
    public void Notify() => _pending.Writer.TryWrite(true);

    /// <summary>Waits for a notification or the timeout; true if notified. Consumes the notification.</summary>
    public async ValueTask<bool> WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken ct)
    {
        if (_pending.Reader.TryRead(out _))
        {
            return true;
        }

        using var timer = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        var wait = _pending.Reader.WaitToReadAsync(linked.Token).AsTask();

        // A timeout is the normal idle case, not an error: no exception for it.
        await ((Task)wait).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        ct.ThrowIfCancellationRequested();
        return wait.IsCompletedSuccessfully && _pending.Reader.TryRead(out _);
    }
}
