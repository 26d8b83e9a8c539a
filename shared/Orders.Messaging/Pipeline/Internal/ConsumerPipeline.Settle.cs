using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Orders.Messaging.Pipeline.Internal;

internal sealed partial class ConsumerPipeline
{
    /// <summary>Acks, naks or dead-letters by the outcome. Never throws: a failed ack only means a redelivery.</summary>
    private Task ApplyAsync(INatsJSMsg<byte[]> msg, int numDelivered, MessageOutcome outcome)
    {
        var lastDelivery = numDelivered >= _definition.MaxDeliver;
        switch (outcome)
        {
            case MessageOutcome.Acked acked:
                return AckAsync(msg, acked.WasDuplicate ? PipelineOutcome.Duplicate : PipelineOutcome.Acked);

            case MessageOutcome.GapDetected gap when lastDelivery:
                return DeadLetterAsync(msg, numDelivered, StillFailing(numDelivered, gap.Reason));

            case MessageOutcome.GapDetected gap:
                var gapDelay = gap.Delay > TimeSpan.Zero ? gap.Delay : _definition.GapDelayFor(numDelivered);
                LogGap(Name, msg.Subject, msg.Meta().Sequence.Stream, numDelivered, gap.Reason, gapDelay);
                return NakAsync(msg, gapDelay, PipelineOutcome.Gap);

            case MessageOutcome.RetryLater retry when lastDelivery:
                return DeadLetterAsync(msg, numDelivered, StillFailing(numDelivered, retry.Reason));

            case MessageOutcome.RetryLater retry:
                var retryDelay = _definition.NakBackoff.DelayFor(numDelivered);
                LogRetry(retry.Error, Name, msg.Subject, msg.Meta().Sequence.Stream, numDelivered, retry.Reason, retryDelay);
                return NakAsync(msg, retryDelay, PipelineOutcome.Retry);

            case MessageOutcome.DeadLettered deadLettered:
                return DeadLetterAsync(msg, numDelivered, deadLettered.Reason);

            default:
                return DeadLetterAsync(msg, numDelivered, $"unknown outcome {outcome.GetType().Name}");
        }
    }

    private static string StillFailing(int numDelivered, string reason) => $"still failing after {numDelivered} deliveries: {reason}";

    private async Task AckAsync(INatsJSMsg<byte[]> msg, PipelineOutcome outcome)
    {
        try
        {
            await msg.AckAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            Handled(outcome);
        }
        catch (NatsException ex)
        {
            LogSettleFailed(ex, Name, "ack", msg.Subject, msg.Meta().Sequence.Stream);
        }
    }

    private async Task NakAsync(INatsJSMsg<byte[]> msg, TimeSpan delay, PipelineOutcome outcome)
    {
        try
        {
            await msg.NakAsync(delay: delay, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            Handled(outcome);
        }
        catch (NatsException ex)
        {
            LogSettleFailed(ex, Name, "nak", msg.Subject, msg.Meta().Sequence.Stream);
        }
    }

    private void Handled(PipelineOutcome outcome)
    {
        _stats.Handled(Name, outcome);
        ConsumerSpans.TagOutcome(outcome);
    }
}
