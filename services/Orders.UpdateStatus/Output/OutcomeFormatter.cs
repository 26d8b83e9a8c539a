using System.Globalization;
using System.Text.Json;
using Orders.Drivers;
using Orders.UpdateStatus.Follow;
using Orders.UpdateStatus.Updates;

namespace Orders.UpdateStatus.Output;

/// <summary>Outcomes and summaries as one readable line each, or as JSON. No I/O: tests check the text.</summary>
internal static class OutcomeFormatter
{
    /// <summary>
    /// e.g. <c>applied: o-1 is Shipped at version 3 (request r-1, 12 ms)</c> or
    /// <c>rejected: o-1 not Shipped — invalid-transition, it is Created at version 1 (request r-1, 9 ms)</c>.
    /// </summary>
    public static string Line(UpdateOutcome outcome, TimeSpan? timeout = null)
    {
        var request = outcome.Request;
        var tail = Invariant($"(request {request.RequestId}{ExpectedText(request)}, {Durations.Describe(outcome.Latency)})");
        return outcome.Kind switch
        {
            OutcomeKind.Applied => Invariant($"applied: {request.OrderId} is {request.Status} at version {outcome.Version} {tail}"),
            OutcomeKind.Rejected when outcome.Rejection is { CurrentStatus: { } current } rejection =>
                Invariant($"rejected: {request.OrderId} not {request.Status} — {rejection.Reason}, it is {current} at version {rejection.CurrentVersion} {tail}"),
            OutcomeKind.Rejected => Invariant($"rejected: {request.OrderId} not {request.Status} — {outcome.Rejection?.Reason}, no such order {tail}"),
            OutcomeKind.AlreadySent =>
                $"request {request.RequestId} was already sent within JetStream's duplicate window, so it was dropped and no new outcome follows — use another --request-id",
            _ => $"no outcome for request {request.RequestId} ({request.OrderId} → {request.Status}) within {Durations.Describe(timeout ?? outcome.Latency)} — is order-service running? (./run.sh up)",
        };
    }

    public static string Json(UpdateOutcome outcome)
    {
        var request = outcome.Request;
        var rejection = outcome.Rejection;
        var json = new OutcomeJson(
            outcome.Kind switch
            {
                OutcomeKind.Applied => "applied",
                OutcomeKind.Rejected => "rejected",
                OutcomeKind.AlreadySent => "already-sent",
                _ => "no-outcome",
            },
            request.OrderId,
            request.Status.ToString(),
            request.RequestId,
            request.ExpectedVersion,
            outcome.Version,
            rejection?.Reason,
            rejection?.CurrentStatus?.ToString(),
            rejection?.CurrentVersion,
            Math.Round(outcome.Latency.TotalMilliseconds, 3));
        return JsonSerializer.Serialize(json, UpdateStatusJsonContext.Default.OutcomeJson);
    }

    /// <summary>e.g. <c>followed 12.0 s: 40 updates — shipped 30, delivered 8, cancelled 2; rejected 0; no outcome 0; superseded 3</c>.</summary>
    public static string SummaryLine(FollowSummary summary)
    {
        var rejected = summary.Rejected.Count == 0
            ? "rejected 0"
            : "rejected " + string.Join(", ", summary.Rejected.Select(r => Invariant($"{r.Value} {r.Key}")));
        return Invariant(
            $"followed {summary.Seconds:0.0} s: {summary.Actions} updates — shipped {summary.Shipped}, delivered {summary.Delivered}, cancelled {summary.Cancelled}; {rejected}; no outcome {summary.NoOutcome}; superseded {summary.Superseded}");
    }

    public static string SummaryJson(FollowSummary summary) => JsonSerializer.Serialize(summary, UpdateStatusJsonContext.Default.FollowSummary);

    private static string ExpectedText(StatusRequest request) =>
        request.ExpectedVersion is { } expected ? Invariant($", expected version {expected}") : "";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
