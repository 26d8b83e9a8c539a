using System.Runtime.CompilerServices;
using Orders.Nats.Internal;

namespace Orders.Nats;

public sealed partial class NatsConnection
{
    /// <summary>
    /// Subscribes and returns once the server has registered the subscription (a PING round trip), so
    /// messages published afterwards, from any connection, are received.
    /// </summary>
    /// <exception cref="NatsAuthorizationException">The server refused the subscription (permissions).</exception>
    public async ValueTask<INatsSub> SubscribeCoreAsync(string subject, string? queueGroup = null, CancellationToken ct = default)
    {
        SubjectValidator.Validate(subject);
        SubjectValidator.ValidateOptional(queueGroup, nameof(queueGroup));
        await EnsureOpenAsync(ct).ConfigureAwait(false);

        return await SubscribeInternalAsync(
            sid => new NatsSubscription(this, sid, subject, queueGroup, Opts.SubPendingCapacity, _logger), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// For subscriptions of this assembly that handle deliveries themselves (JetStream): registers what
    /// <paramref name="create"/> builds for a fresh sid like <see cref="SubscribeCoreAsync"/> does.
    /// The subject must be valid already.
    /// </summary>
    /// <exception cref="NatsAuthorizationException">The server refused the subscription (permissions).</exception>
    internal async ValueTask<T> SubscribeInternalAsync<T>(Func<long, T> create, CancellationToken ct)
        where T : SubscriptionBase
    {
        await EnsureOpenAsync(ct).ConfigureAwait(false);
        var subscription = create(Interlocked.Increment(ref _nextSid));
        await RegisterAsync(subscription, ct).ConfigureAwait(false);
        if (subscription.Error is { } error)
        {
            throw error;
        }

        return subscription;
    }

    /// <summary>Subscriptions buffer this many messages each before dropping (see <see cref="NatsOpts.SubPendingCapacity"/>).</summary>
    internal int SubPendingCapacity => Opts.SubPendingCapacity;

    internal Microsoft.Extensions.Logging.ILogger Logger => _logger;

    /// <summary>Subscribes and yields messages until <paramref name="ct"/> is cancelled or the subscription ends; unsubscribes when the loop exits.</summary>
    public async IAsyncEnumerable<NatsMsg> SubscribeAsync(string subject, string? queueGroup = null,
                                                          [EnumeratorCancellation] CancellationToken ct = default)
    {
        var subscription = await SubscribeCoreAsync(subject, queueGroup, ct).ConfigureAwait(false);
        try
        {
            while (await subscription.Msgs.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (subscription.Msgs.TryRead(out var msg))
                {
                    yield return msg;
                }
            }
        }
        finally
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Adds the subscription to the table, sends SUB and waits until the server has processed it.</summary>
    private async ValueTask RegisterAsync(SubscriptionBase subscription, CancellationToken ct)
    {
        _subscriptions[subscription.Sid] = subscription;
        _commands.Subscribe(subscription.Sid, subscription.Subject, subscription.QueueGroup);

        // A refused SUB is answered with -ERR before the PONG, which faults the subscription first.
        // If the connection drops meanwhile, the table re-sends the SUB on reconnect.
        var pong = new PendingPong(hasWaiter: true);
        if (_commands.TryPing(pong))
        {
            try
            {
                await pong.Task.WaitAsync(ct).ConfigureAwait(false);
            }
            catch (NatsException)
            {
                // Connection lost before the PONG: the SUB is replayed on reconnect.
            }
            catch
            {
                // Cancelled: the caller never gets the subscription, so it must not stay in the table.
                await UnsubscribeAsync(subscription).ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>True when a live subscription to exactly <paramref name="subject"/> is in the table (diagnostics, tests).</summary>
    internal bool HasSubscription(string subject) =>
        _subscriptions.Values.Any(s => string.Equals(s.Subject, subject, StringComparison.Ordinal));

    /// <summary>
    /// UNSUB, but the subscription stays in the table until a PING sent after it comes back: the server
    /// answers in order, so by then every message it sent for the subscription is in its channel.
    /// </summary>
    internal async ValueTask DrainSubscriptionAsync(SubscriptionBase subscription, CancellationToken ct)
    {
        if (_subscriptions.ContainsKey(subscription.Sid))
        {
            _commands.Unsubscribe(subscription.Sid);
            await PingAfterUnsubscribeAsync(ct).ConfigureAwait(false);
            _subscriptions.TryRemove(subscription.Sid, out _);
        }

        subscription.Complete();
    }

    private async ValueTask PingAfterUnsubscribeAsync(CancellationToken ct)
    {
        if (_state != NatsConnectionState.Open)
        {
            return;
        }

        try
        {
            await PingAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NatsException or OperationCanceledException or TimeoutException)
        {
            // Connection lost or the caller gave up: what was in transit is redelivered by the server.
        }
    }

    internal ValueTask UnsubscribeAsync(SubscriptionBase subscription)
    {
        if (_subscriptions.TryRemove(subscription.Sid, out _))
        {
            _commands.Unsubscribe(subscription.Sid);
        }

        subscription.Complete();
        return default;
    }
}
