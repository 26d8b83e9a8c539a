namespace Orders.Messaging.Pipeline.Internal;

/// <summary>How one delivered message ended in the pipeline.</summary>
internal enum PipelineOutcome
{
    Acked,
    Duplicate,
    Ignored,
    Gap,
    Retry,
    DeadLettered,
}
