using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Orders.ServiceDefaults.Telemetry;

/// <summary>
/// Decides for spans without a parent (every other span follows its parent's decision, through
/// <see cref="ParentBasedSampler"/>): a trace may start where work enters a service (an HTTP
/// request, a publish, a consumed message without <c>traceparent</c>), not at a background
/// database query or timer, which would otherwise fill the exporter with one-span traces (the
/// outbox relay polls, health checks query PostgreSQL).
/// </summary>
public sealed class RootSpanSampler : Sampler
{
    /// <inheritdoc />
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Kind is ActivityKind.Server or ActivityKind.Producer or ActivityKind.Consumer
            ? new SamplingResult(SamplingDecision.RecordAndSample)
            : new SamplingResult(SamplingDecision.Drop);
}
