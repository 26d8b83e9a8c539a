using System.Collections.Concurrent;
using System.Diagnostics;

namespace Orders.Nats.JetStream.Internal;

/// <summary>
/// Idle <see cref="FetchInbox"/>es of one context, so a fetch does not pay a SUB, a PING round trip
/// and an UNSUB each time (the official clients also keep one subscription for all fetches). A
/// fetch rents an inbox for its duration; concurrent fetches get different inboxes. Inboxes idle
/// longer than <see cref="IdleLifetime"/> are unsubscribed, so a context that stops fetching (or is
/// dropped) leaves no subscriptions behind.
/// </summary>
internal sealed class FetchInboxPool(NatsJSContext context)
{
    private const int MaxIdle = 4;
    private static readonly TimeSpan IdleLifetime = TimeSpan.FromSeconds(10);

    private readonly ConcurrentStack<FetchInbox> _idle = new();
    private readonly Lock _sweepGate = new();
    private Timer? _sweep;

    public async ValueTask<FetchInbox> RentAsync(CancellationToken ct)
    {
        while (_idle.TryPop(out var inbox))
        {
            if (inbox.IsUsable)
            {
                return inbox;
            }

            await inbox.DisposeAsync().ConfigureAwait(false);
        }

        return await FetchInbox.CreateAsync(context, ct).ConfigureAwait(false);
    }

    public async ValueTask ReturnAsync(FetchInbox inbox)
    {
        if (!inbox.IsUsable || _idle.Count >= MaxIdle)
        {
            await inbox.DisposeAsync().ConfigureAwait(false);
            return;
        }

        inbox.IdleSince = Stopwatch.GetTimestamp();
        _idle.Push(inbox);
        lock (_sweepGate)
        {
            _sweep ??= new Timer(static pool => _ = ((FetchInboxPool)pool!).SweepAsync(), this, IdleLifetime, IdleLifetime);
        }
    }

    /// <summary>Unsubscribes inboxes idle too long; stops ticking once none is left.</summary>
    private async Task SweepAsync()
    {
        var kept = new List<FetchInbox>();
        while (_idle.TryPop(out var inbox))
        {
            if (Stopwatch.GetElapsedTime(inbox.IdleSince) < IdleLifetime && inbox.IsUsable)
            {
                kept.Add(inbox);
            }
            else
            {
                await inbox.DisposeAsync().ConfigureAwait(false);
            }
        }

        // Oldest first back onto the stack, so the most recently used inbox is rented next.
        kept.Reverse();
        foreach (var inbox in kept)
        {
            _idle.Push(inbox);
        }

        lock (_sweepGate)
        {
            if (_idle.IsEmpty && _sweep is not null)
            {
                _sweep.Dispose();
                _sweep = null;
            }
        }
    }
}
