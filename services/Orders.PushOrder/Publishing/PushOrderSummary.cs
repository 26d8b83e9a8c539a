using Orders.Drivers;
using Orders.PushOrder.Metrics;

namespace Orders.PushOrder.Publishing;

/// <summary>What a push-order run did; printed as text or JSON.</summary>
/// <param name="Prefix">Order ids were <c>&lt;prefix&gt;-&lt;n&gt;</c>.</param>
/// <param name="Seed">Pass it with <c>--seed</c> (and the prefix) to send the same commands again.</param>
/// <param name="Orders">Valid orders published.</param>
/// <param name="AboveDeclineLimit">Of those, orders whose total is above the decline limit.</param>
/// <param name="Resent">Orders re-sent under a new <c>Nats-Msg-Id</c> (stored again by JetStream, ignored by order-service).</param>
/// <param name="Malformed">Malformed commands published.</param>
/// <param name="Published">Messages published (orders, re-sent orders and malformed commands).</param>
/// <param name="Acked">Messages JetStream acknowledged.</param>
/// <param name="StreamDuplicates">Acks flagged <c>duplicate</c>: the stream already had that <c>Nats-Msg-Id</c> (same ids published again within the duplicate window).</param>
/// <param name="Failed">Publishes without an ack (timeout or error).</param>
/// <param name="FirstError">The first publish error, if any.</param>
/// <param name="PublishLatency">Publish to ack.</param>
/// <param name="PublishSeconds">From the first publish to the last ack.</param>
/// <param name="Wait">The outcomes, when the run waited for them.</param>
/// <param name="Interrupted">Stopped with Ctrl-C.</param>
internal sealed record PushOrderSummary(
    string Prefix,
    int Seed,
    int Orders,
    int AboveDeclineLimit,
    int Resent,
    int Malformed,
    long Published,
    long Acked,
    long StreamDuplicates,
    long Failed,
    string? FirstError,
    LatencySummary PublishLatency,
    double PublishSeconds,
    WaitSummary? Wait,
    bool Interrupted)
{
    /// <summary>Acked messages per second of the publish phase.</summary>
    public double PublishRate => PublishSeconds > 0 ? Acked / PublishSeconds : 0;

    public int ExitCode =>
        Interrupted ? ExitCodes.Interrupted
        : Failed > 0 || Acked < Published || Wait is { Outstanding: > 0 } ? ExitCodes.Failed
        : ExitCodes.Success;
}

/// <summary>Outcomes of the orders a run waited for.</summary>
/// <param name="Awaited">New orders (acked, not stream duplicates) whose outcome was awaited.</param>
/// <param name="Paid"><c>orders.paid</c> seen.</param>
/// <param name="PaymentFailed"><c>orders.payment-failed</c> seen.</param>
/// <param name="Outstanding">Awaited orders without an outcome when the wait ended.</param>
/// <param name="TimedOut">The wait ended at <c>--wait-timeout</c>.</param>
/// <param name="EndToEnd">First publish to outcome received.</param>
/// <param name="Seconds">From the first publish to the last outcome.</param>
internal sealed record WaitSummary(int Awaited, long Paid, long PaymentFailed, int Outstanding, bool TimedOut, LatencySummary EndToEnd, double Seconds)
{
    /// <summary>Orders settled per second, end to end.</summary>
    public double OrdersPerSecond => Seconds > 0 ? (Paid + PaymentFailed) / Seconds : 0;
}
