using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Orders.Messaging.Pipeline.Internal;

internal sealed partial class ConsumerPipeline
{
    // Never hammer the server with progress signals, whatever the ack wait.
    private static readonly TimeSpan MinInProgressInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Copies to DEADLETTER and terminates. A message is never terminated without its copy: if the
    /// copy cannot be stored it is tried again, by a nak before the last delivery, in process on
    /// the last one (<see cref="DeadLetterOnLastDeliveryAsync"/>).
    /// </summary>
    private Task DeadLetterAsync(INatsJSMsg<byte[]> msg, int numDelivered, string reason) =>
        numDelivered >= _definition.MaxDeliver
            ? DeadLetterOnLastDeliveryAsync(msg, reason)
            : DeadLetterOrNakAsync(msg, numDelivered, reason);

    private async Task DeadLetterOrNakAsync(INatsJSMsg<byte[]> msg, int numDelivered, string reason)
    {
        try
        {
            await _deadLetters.DeadLetterAsync(msg, reason).ConfigureAwait(false);
            Handled(PipelineOutcome.DeadLettered);
        }
        catch (NatsException ex)
        {
            _stats.DeadLetterFailed(Name);
            var delay = _definition.NakBackoff.DelayFor(numDelivered);
            LogDeadLetterFailed(ex, Name, msg.Subject, msg.Meta().Stream, msg.Meta().Sequence.Stream, reason, delay);
            await NakAsync(msg, delay, PipelineOutcome.Retry).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The server does not deliver a message again after <see cref="ConsumerDefinition.MaxDeliver"/>,
    /// so a nak would strand it: unsettled in its stream, in no dead-letter stream, seen by nobody.
    /// Instead the copy is retried here with back-off until it is stored, while the message is kept
    /// in progress so its ack wait cannot run out meanwhile. Only the hard stop of the pipeline (the
    /// host's stop deadline passing) ends the retrying without a copy; that is logged as an error and
    /// counted, because then the message is stranded after all.
    /// </summary>
    private async Task DeadLetterOnLastDeliveryAsync(INatsJSMsg<byte[]> msg, string reason)
    {
        var ct = _abort.Token;
        using var stopKeepingInProgress = new CancellationTokenSource();

        // Started before the first attempt: the actor may have used most of the ack wait already, and
        // one failing publish can take longer than what is left of it.
        var keepingInProgress = KeepInProgressAsync(msg, stopKeepingInProgress.Token);
        var attempt = 1;
        try
        {
            while (true)
            {
                TimeSpan delay;
                try
                {
                    await _deadLetters.DeadLetterAsync(msg, reason, ct).ConfigureAwait(false);
                    Handled(PipelineOutcome.DeadLettered);
                    if (attempt > 1)
                    {
                        LogDeadLetterStoredAfterRetries(Name, msg.Subject, msg.Meta().Stream, msg.Meta().Sequence.Stream, attempt);
                    }

                    return;
                }
                catch (NatsException ex)
                {
                    _stats.DeadLetterFailed(Name);
                    delay = _definition.NakBackoff.DelayFor(attempt);
                    LogLastDeadLetterFailed(ex, Name, msg.Subject, msg.Meta().Stream, msg.Meta().Sequence.Stream, attempt, reason, delay);
                }

                await Task.Delay(delay, ct).ConfigureAwait(false);
                attempt++;
                _stats.DeadLetterRetried(Name);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _stats.DeadLetterAbandoned(Name);
            LogDeadLetterAbandoned(Name, msg.Subject, msg.Meta().Stream, msg.Meta().Sequence.Stream, attempt, reason);
        }
        finally
        {
            await stopKeepingInProgress.CancelAsync().ConfigureAwait(false);
            await keepingInProgress.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Signals "in progress" at once and then three times per ack wait, until <paramref name="ct"/>
    /// fires: each signal restarts the message's ack wait at the server. A signal lost to a broken
    /// connection is only logged; the next one is sent on the next tick.
    /// </summary>
    private async Task KeepInProgressAsync(INatsJSMsg<byte[]> msg, CancellationToken ct)
    {
        var interval = TimeSpan.FromTicks(Math.Max(_definition.AckWait.Ticks / 3, MinInProgressInterval.Ticks));
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                try
                {
                    await msg.AckProgressAsync(cancellationToken: ct).ConfigureAwait(false);
                }
                catch (NatsException ex)
                {
                    LogInProgressFailed(ex, Name, msg.Subject, msg.Meta().Sequence.Stream);
                }
            }
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped by the caller: the message is settled, or left as it is.
        }
    }
}
