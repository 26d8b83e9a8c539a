using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Orders.Nats.JetStream.Internal;

namespace Orders.Nats.JetStream;

public sealed partial class NatsJSContext
{
    // A fetch gives the server this long past its expiry to say "408" before giving up locally.
    private static readonly TimeSpan FetchGrace = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan NotReadyPullDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Pulls up to <paramref name="batch"/> messages from a pull consumer, waiting up to
    /// <paramref name="expires"/> for them. Ends when the batch is complete, when the server says
    /// the request expired, or at <paramref name="expires"/> (plus a grace period) at the latest.
    /// </summary>
    public IAsyncEnumerable<NatsJSMsg> FetchAsync(string stream, string consumer, int batch, TimeSpan expires, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(expires, TimeSpan.Zero);
        return FetchCoreAsync(stream, consumer, batch, expires, ct);
    }

    /// <summary>
    /// Pulls up to <paramref name="batch"/> messages that are available now; ends at once (with
    /// fewer or none) when the consumer has nothing more pending.
    /// </summary>
    public IAsyncEnumerable<NatsJSMsg> FetchNoWaitAsync(string stream, string consumer, int batch, CancellationToken ct = default) =>
        FetchCoreAsync(stream, consumer, batch, expires: null, ct);

    /// <summary>
    /// Consumes a pull consumer continuously: keeps pull requests topped up (a new request when
    /// fewer than <see cref="NatsJSConsumeOpts.ThresholdMsgs"/> requested messages are still to
    /// come), re-issues them after a reconnect or when heartbeats stop, and never surfaces status
    /// messages. Runs until <paramref name="ct"/> is cancelled.
    /// </summary>
    public async IAsyncEnumerable<NatsJSMsg> ConsumeAsync(
        string stream, string consumer, NatsJSConsumeOpts? opts = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        opts ??= NatsJSConsumeOpts.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(opts.MaxMsgs, 1);
        var threshold = Math.Clamp(opts.ThresholdMsgs ?? opts.MaxMsgs / 2, 0, opts.MaxMsgs - 1);
        var heartbeat = opts.IdleHeartbeat ?? TimeSpan.FromTicks(Math.Min(opts.Expires.Ticks / 2, TimeSpan.TicksPerSecond * 30));
        var requestSubject = NextSubject(stream, consumer);

        var inbox = Connection.NewInbox();
        var sub = await JSMsgSubscription.SubscribeAsync(this, inbox, queueGroup: null, stream, consumer, ct).ConfigureAwait(false);
        using var reconnect = new ReconnectSignal();
        using var reader = new BufferedMsgReader();
        EventHandler<NatsConnectionEventArgs> onOpened = (_, _) => reconnect.Signal();
        Connection.ConnectionOpened += onOpened;
        var pending = 0; // messages requested and not yet received
        try
        {
            while (true)
            {
                if (reconnect.TryTake())
                {
                    JSLog.RepullAfterReconnect(_logger, stream, consumer);
                    pending = 0;
                }

                if (pending <= threshold)
                {
                    var request = new PullRequest(opts.MaxMsgs - pending, opts.Expires, NoWait: false, heartbeat);
                    await SendPullAsync(requestSubject, inbox, request, ct).ConfigureAwait(false);
                    pending = opts.MaxMsgs;
                }

                // Two heartbeats missed: the request is lost (server restarted, connection dropped).
                var (outcome, msg) = await reader.ReadAsync(sub.Msgs, heartbeat * 2, reconnect.WakeToken, ct).ConfigureAwait(false);
                switch (outcome)
                {
                    case ReadOutcome.Completed:
                        yield break;
                    case ReadOutcome.Woken:
                        continue;
                    case ReadOutcome.TimedOut:
                        JSLog.PullHeartbeatMissed(_logger, stream, consumer);
                        pending = 0;
                        continue;
                }

                if (msg.Headers is { Code: > 0 } status)
                {
                    pending = await HandlePullStatusAsync(stream, consumer, status, pending, ct).ConfigureAwait(false);
                    continue;
                }

                if (!msg.HasAckSubject)
                {
                    JSLog.NotAJetStreamMessage(_logger, msg.Subject);
                    continue;
                }

                pending = Math.Max(0, pending - 1);
                yield return msg;
            }
        }
        finally
        {
            Connection.ConnectionOpened -= onOpened;
            await sub.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Applies a status message to the count of still-requested messages; returns the new count.</summary>
    private async ValueTask<int> HandlePullStatusAsync(string stream, string consumer, NatsHeaders status, int pending, CancellationToken ct)
    {
        switch (status.Code)
        {
            case JSStatusCodes.ControlMessage:
                return pending; // heartbeat
            case JSStatusCodes.NoResponders:
                // JetStream not ready yet (e.g. just restarted): ask again shortly.
                JSLog.PullNotReady(_logger, stream, consumer);
                await Task.Delay(NotReadyPullDelay, ct).ConfigureAwait(false);
                return 0;
            case JSStatusCodes.Conflict when status.Description?.Contains("Consumer Deleted", StringComparison.OrdinalIgnoreCase) == true:
                throw new NatsJSConsumerNotFoundException(status.Code, $"consumer {stream}/{consumer} was deleted");
            default:
                if (status.Code != JSStatusCodes.RequestTimeout && status.Code != JSStatusCodes.NoMessages)
                {
                    // e.g. 409 "Exceeded MaxWaiting": pause so a persistent conflict does not become a request storm.
                    JSLog.ConsumerStatus(_logger, status.Code, status.Description, stream, consumer);
                    await Task.Delay(NotReadyPullDelay, ct).ConfigureAwait(false);
                }

                // The server says how many messages of the ended request were not delivered.
                return status.TryGetValue(JSHeaderNames.PendingMessages, out var value)
                    && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var undelivered)
                    ? Math.Max(0, pending - undelivered)
                    : 0;
        }
    }

    private async IAsyncEnumerable<NatsJSMsg> FetchCoreAsync(
        string stream, string consumer, int batch, TimeSpan? expires, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        var requestSubject = NextSubject(stream, consumer);
        var inbox = await _fetchInboxes.RentAsync(ct).ConfigureAwait(false);
        try
        {
            var replyTo = inbox.BeginFetch(stream, consumer);
            await SendPullAsync(requestSubject, replyTo, new PullRequest(batch, expires, NoWait: expires is null, IdleHeartbeat: null), ct).ConfigureAwait(false);
            var deadline = Stopwatch.GetTimestamp() + (long)(((expires ?? Opts.RequestTimeout) + FetchGrace).TotalSeconds * Stopwatch.Frequency);
            var received = 0;
            while (received < batch)
            {
                var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
                if (remaining <= TimeSpan.Zero)
                {
                    yield break;
                }

                var (outcome, msg) = await inbox.Reader.ReadAsync(inbox.Msgs, remaining, wake: default, ct).ConfigureAwait(false);
                if (outcome != ReadOutcome.Message)
                {
                    yield break;
                }

                if (msg.Headers is { Code: > 0 } status)
                {
                    if (!inbox.IsForCurrentFetch(msg))
                    {
                        continue; // the end of an earlier fetch that gave up locally
                    }

                    if (status.Code == JSStatusCodes.ControlMessage)
                    {
                        continue;
                    }

                    if (status.Code == JSStatusCodes.NoResponders)
                    {
                        throw new NatsJSNotAvailableException(requestSubject, $"No JetStream responder for '{requestSubject}'.");
                    }

                    if (status.Code == JSStatusCodes.Conflict)
                    {
                        JSLog.ConsumerStatus(_logger, status.Code, status.Description, stream, consumer);
                    }

                    yield break; // 404 no messages, 408 expired, 409 conflict: this request is over
                }

                if (msg.HasAckSubject && FetchInbox.IsFromConsumer(msg.ReplyToBytes.Span, stream, consumer))
                {
                    received++;
                    yield return msg;
                }
            }
        }
        finally
        {
            await _fetchInboxes.ReturnAsync(inbox).ConfigureAwait(false);
        }
    }

    private string NextSubject(string stream, string consumer) =>
        $"{Opts.ApiPrefix}.CONSUMER.MSG.NEXT.{Token(stream, nameof(stream))}.{Token(consumer, nameof(consumer))}";

    // The loop waits for the answer: written at once when the socket is idle, like a request (with
    // the acks buffered before it), instead of waking the send loop.
    private ValueTask SendPullAsync(string requestSubject, string inbox, PullRequest request, CancellationToken ct) =>
        Connection.PublishAsync(
            requestSubject,
            JsonSerializer.SerializeToUtf8Bytes(request, JetStreamJsonContext.Default.PullRequest),
            headers: null,
            replyTo: inbox,
            Orders.Nats.Internal.CommandWriter.Flush.Now,
            ct);
}
