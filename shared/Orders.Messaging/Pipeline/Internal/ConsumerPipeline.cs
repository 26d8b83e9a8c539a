using Microsoft.Extensions.Logging;
using Orders.Messaging.DeadLetters;
using Orders.Messaging.Entities;
using Orders.Messaging.Provisioning;
using Orders.Nats;
using Orders.Nats.JetStream;

namespace Orders.Messaging.Pipeline.Internal;

/// <summary>
/// The heart of a service (DESIGN.md, "How a message is handled"): takes deliveries of one push
/// consumer, decodes them, asks the entity actors in delivery order, and settles each message by
/// the actor's outcome. Partial files: the receive loop here, dispatch, settling, logging.
/// </summary>
internal sealed partial class ConsumerPipeline
{
    private static readonly TimeSpan FirstRestartDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxRestartDelay = TimeSpan.FromSeconds(5);

    private readonly ConsumerDefinition _definition;
    private readonly IEntityRegion _region;
    private readonly NatsJSContext _js;
    private readonly StreamProvisioner _provisioner;
    private readonly DeadLetterPublisher _deadLetters;
    private readonly PipelineStats _stats;
    private readonly ContractMessageDecoder _decoder;
    private readonly InFlightTracker _inFlight;
    private readonly ILogger _logger;

    // Hard stop for a graceful stop that takes too long: set when the host's stop deadline passes.
    private readonly CancellationTokenSource _abort = new();

    public ConsumerPipeline(
        ConsumerDefinition definition,
        IEntityRegion region,
        NatsJSContext js,
        StreamProvisioner provisioner,
        DeadLetterPublisher deadLetters,
        PipelineStats stats,
        ILogger logger)
    {
        definition.Validate();
        _definition = definition;
        _region = region;
        _js = js;
        _provisioner = provisioner;
        _deadLetters = deadLetters;
        _stats = stats;
        _logger = logger;
        _decoder = new ContractMessageDecoder(definition.HandledSubjects);
        _inFlight = new InFlightTracker(definition.MaxInFlight);
        if (!definition.GapWaitCoversCrashedHolder)
        {
            LogGapWaitTooShort(definition.Name, definition.TotalGapWait, definition.AckWait + definition.AskTimeout);
        }
    }

    public string Name => _definition.Name;

    /// <summary>
    /// Receives until <paramref name="stoppingToken"/> fires, then stops gracefully: the subscription
    /// is ended at the server (other instances get the new deliveries) and the deliveries already
    /// received are still dispatched, so <see cref="DrainAsync"/> can settle them instead of leaving
    /// them to be redelivered after the ack wait. A broken subscription (connection lost for good,
    /// consumer deleted) is re-established with a back-off; it never ends the loop.
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        // Every log line of this consumer, and of the messages it dispatches, carries its name.
        using var scope = _logger.BeginScope("Consumer {Consumer}", Name);
        await _provisioner.EnsureProvisionedAsync(stoppingToken).ConfigureAwait(false);
        LogStarted(Name, _definition.FilterSubject, _definition.MaxInFlight);

        var restartDelay = FirstRestartDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var deliveries = _js.ConsumePushAsync(_definition.Stream, _definition.Durable, stopReceiving: stoppingToken, _abort.Token);
                await foreach (var msg in deliveries.ConfigureAwait(false))
                {
                    // Waiting here (not per message in the background) is the back-pressure: the
                    // next delivery is not even looked at until a slot is free, so dispatch order
                    // stays delivery order.
                    await _inFlight.EnterAsync(_abort.Token).ConfigureAwait(false);
                    Dispatch(msg);
                    restartDelay = FirstRestartDelay;
                }

                if (stoppingToken.IsCancellationRequested)
                {
                    break;
                }

                // The subscription completed without a stop request: the connection was closed under us.
                LogSubscriptionEnded(Name, restartDelay);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested || _abort.IsCancellationRequested)
            {
                break;
            }
            catch (NatsJSConsumerNotFoundException)
            {
                LogConsumerMissing(Name);
                await RecreateConsumerAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NatsException or TimeoutException)
            {
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

    private async Task RecreateConsumerAsync(CancellationToken ct)
    {
        try
        {
            await _provisioner.ProvisionConsumerAsync(_definition, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogSubscriptionFailed(ex, Name, MaxRestartDelay);
        }
    }
}
