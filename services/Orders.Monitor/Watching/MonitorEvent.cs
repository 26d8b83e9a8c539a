using Orders.Contracts;

namespace Orders.Monitor.Watching;

/// <summary>
/// One observed message, decoded into what a person wants to read: what it is, which order, and its
/// key fields. The console line, the dashboard feed (as JSON) and an order's history are made of these.
/// </summary>
/// <param name="Time">When the stream stored the message (UTC).</param>
/// <param name="Stream">Stream it came from.</param>
/// <param name="Sequence">Its sequence in that stream.</param>
/// <param name="Subject">Subject it was published on.</param>
/// <param name="Kind">Command, order event, payment event, rejection or dead letter.</param>
/// <param name="OrderId">The order it concerns, when the payload names one.</param>
/// <param name="Version">The order's version after an order event; null for everything else.</param>
/// <param name="Status">The order's status after an order event; null for everything else.</param>
/// <param name="Details">The key fields in a few words (e.g. <c>total 39.98 USD, 2 items, customer c-7</c>).</param>
/// <param name="Problem">Why the payload could not be read; null when it could.</param>
/// <param name="DeadReason">A dead letter's <c>Orders-Dead-Reason</c>.</param>
/// <param name="OriginalSubject">A dead letter's <c>Orders-Original-Subject</c>.</param>
internal sealed record MonitorEvent(
    DateTimeOffset Time,
    string Stream,
    ulong Sequence,
    string Subject,
    MonitorEventKind Kind,
    string? OrderId,
    int? Version,
    OrderStatus? Status,
    string Details,
    string? Problem = null,
    string? DeadReason = null,
    string? OriginalSubject = null)
{
    /// <summary>True when the payload was not a readable message of its subject.</summary>
    public bool IsMalformed => Problem is not null;
}
