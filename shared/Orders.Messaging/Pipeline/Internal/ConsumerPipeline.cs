using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Orders.Messaging.DeadLetters;
using Orders.Messaging.Entities;
using Orders.Messaging.Provisioning;

namespace Orders.Messaging.Pipeline.Internal;

/// <summary>
/// The heart of a service (docs/architecture.md, "How one message is handled"): pulls deliveries of
/// one durable consumer (shared by every instance of the service), decodes them, asks the entity actors in delivery order, and settles each message by
/// the actor's outcome. Partial files: the receive loop here, dispatch, settling, logging.
/// </summary>
internal sealed partial class ConsumerPipeline
{
    private static readonly TimeSpan FirstRestartDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxRestartDelay = TimeSpan.FromSeconds(5);

    private readonly ConsumerDefinition _definition;
    private readonly IEntityRegion _region;
    private readonly INatsJSContext _js;
    private readonly StreamProvisioner _provisioner;
    private readonly DeadLetterPublisher _deadLetters;
    private readonly PipelineStats _stats;
    private readonly ContractMessageDecoder _decoder;
    private readonly InFlightTracker _inFlight;
    private readonly ConsumerBindings _bindings;
    private readonly ILogger _logger;

    // Hard stop for a graceful stop that takes too long: set when the host's stop deadline passes.
    private readonly CancellationTokenSource _abort = new();

    public ConsumerPipeline(
        ConsumerDefinition definition,
        IEntityRegion region,
        INatsJSContext js,
        StreamProvisioner provisioner,
        DeadLetterPublisher deadLetters,
        PipelineStats stats,
        ConsumerBindings bindings,
        ILogger logger)
    {
        definition.Validate();
        _definition = definition;
        _region = region;
        _js = js;
        _provisioner = provisioner;
        _deadLetters = deadLetters;
        _stats = stats;
        _bindings = bindings;
        _logger = logger;
        _decoder = new ContractMessageDecoder(definition.HandledSubjects);
        _inFlight = new InFlightTracker(definition.MaxInFlight);
        _bindings.Unbound(definition.Name, "not bound yet");
        if (!definition.GapWaitCoversCrashedHolder)
        {
            LogGapWaitTooShort(definition.Name, definition.TotalGapWait, definition.AckWait + definition.AskTimeout);
        }
    }

    public string Name => _definition.Name;

    /// <summary>
    /// Pulls until <paramref name="stoppingToken"/> fires, then stops gracefully: no more pull
    /// requests (other instances get the new messages), and what already arrived is still
    /// dispatched (NATS.Net's drain on cancel), so <see cref="DrainAsync"/> can settle it instead of
    /// leaving it to be redelivered after the ack wait. Whatever ends consumption otherwise — the
    /// consumer or its stream deleted (409, repeated 503s, 404), the connection failed for good —
    /// re-creates the stream and consumer and resumes with a back-off; it never ends the loop.
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        // Every log line of this consumer, and of the messages it dispatches, carries its name.
        using var scope = _logger.BeginScope("Consumer {Consumer}", Name);
        await _provisioner.EnsureProvisionedAsync(stoppingToken).ConfigureAwait(false);
        LogStarted(Name, _definition.FilterSubject, _definition.MaxInFlight);

        var restartDelay = FirstRestartDelay;
        var recreate = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Ended early when a heartbeat check finds the consumer gone: nats-server 2.9 does not
            // always tell a waiting pull request that its consumer was deleted, and NATS.Net would
            // only give up after ten "no responders" pulls.
            using var lost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            try
            {
                if (recreate)
                {
                    await _provisioner.ProvisionConsumerAsync(_definition, stoppingToken).ConfigureAwait(false);
                    recreate = false;
                }

                var consumer = await _js.GetConsumerAsync(_definition.Stream, _definition.Durable, stoppingToken).ConfigureAwait(false);
                _bindings.Bound(Name);
                var consumeOpts = _definition.ToConsumeOpts() with
                {
                    NotificationHandler = (notification, notificationCt) =>
                    {
                        LogNotification(Name, notification.Name);
                        if (notification is NatsJSTimeoutNotification)
                        {
                            _ = EndIfConsumerGoneAsync(lost);
                        }

                        return Task.CompletedTask;
                    },
                };
                await foreach (var msg in consumer.ConsumeAsync(RawPayload.Instance, consumeOpts, lost.Token).ConfigureAwait(false))
                {
                    // Waiting here (not per message in the background) is the back-pressure: the
                    // next delivery is not even looked at until a slot is free, so dispatch order
                    // stays delivery order.
                    await _inFlight.EnterAsync(_abort.Token).ConfigureAwait(false);
                    Dispatch(msg);
                    restartDelay = FirstRestartDelay;
                }

                if (lost.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
                {
                    _bindings.Unbound(Name, "consumer not found");
                    LogConsumerMissing(Name);
                    recreate = true;
                    continue;
                }

                if (stoppingToken.IsCancellationRequested)
                {
                    break;
                }

                // Consumption completed without a stop request: the connection was closed under us.
                _bindings.Unbound(Name, "consumption ended");
                LogSubscriptionEnded(Name, restartDelay);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested || _abort.IsCancellationRequested)
            {
                break;
            }
            catch (NatsJSApiException ex) when (ex.Error.Code == 404)
            {
                // The consumer, or its whole stream, is gone (deleted, or the broker lost its store).
                _bindings.Unbound(Name, ex.Error.Description ?? "consumer not found");
                LogConsumerMissing(Name);
                recreate = true;
            }
            catch (Exception ex) when (ex is NatsJSProtocolException or NatsJSException)
            {
                // 409 "Consumer Deleted", too many 503s ("consumer appears to be deleted") and the like.
                _bindings.Unbound(Name, ex.Message);
                LogSubscriptionFailed(ex, Name, restartDelay);
                recreate = true;
            }
            catch (Exception ex) when (ex is NatsException or TimeoutException)
            {
                _bindings.Unbound(Name, ex.Message);
                LogSubscriptionFailed(ex, Name, restartDelay);
            }

            try
            {
                await Task.Delay(restartDelay, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            restartDelay = TimeSpan.FromTicks(Math.Min(restartDelay.Ticks * 2, MaxRestartDelay.Ticks));
        }

        _bindings.Unbound(Name, "stopped");
    }

    /// <summary>Cancels <paramref name="lost"/> when the durable no longer exists on the server.</summary>
    private async Task EndIfConsumerGoneAsync(CancellationTokenSource lost)
    {
        try
        {
            await _js.GetConsumerAsync(_definition.Stream, _definition.Durable, lost.Token).ConfigureAwait(false);
        }
        catch (NatsJSApiException ex) when (ex.Error.Code == 404)
        {
            await lost.CancelAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NatsException or OperationCanceledException or ObjectDisposedException)
        {
            // Unreachable or stopping: the connection's own recovery (or the stop) takes over.
        }
    }

    /// <summary>
    /// After the receive loop ended: waits until every message in flight is settled, then for the
    /// server to have received the acks (a PING round trip), then logs the figures. When
    /// <paramref name="ct"/> fires, a receive loop still dispatching received deliveries is cut short.
    /// </summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        await using var abortOnDeadline = ct.Register(static abort => ((CancellationTokenSource)abort!).Cancel(), _abort).ConfigureAwait(false);
        var pending = _inFlight.Count;

        // Waits on the abort token, not on ct: cancelling ct could run this method's continuation
        // inline, to its end, before the registration above had aborted anything; then messages
        // still settling (e.g. a dead letter retried on its last delivery) would never be told to stop.
        var aborted = _abort.Token;
        try
        {
            await _inFlight.WaitIdleAsync(aborted).ConfigureAwait(false);
            if (_js.Connection.ConnectionState == NatsConnectionState.Open)
            {
                await _js.Connection.PingAsync(aborted).ConfigureAwait(false);
            }

            LogDrained(Name, pending);
        }
        catch (Exception ex) when (ex is OperationCanceledException or NatsException)
        {
            // Whatever is not acked is redelivered (to another instance) after the ack wait; the inbox absorbs it.
            LogDrainIncomplete(Name, _inFlight.Count);
        }

        if (_stats.Snapshot().Consumers.TryGetValue(Name, out var figures))
        {
            LogFigures(Name, figures.ToString());
        }
    }
}
