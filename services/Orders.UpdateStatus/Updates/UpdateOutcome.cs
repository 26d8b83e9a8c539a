using Orders.Contracts;
using Orders.Drivers;

namespace Orders.UpdateStatus.Updates;

/// <summary>How an update request ended, as far as this driver could see.</summary>
internal enum OutcomeKind
{
    /// <summary>order-service applied it: <c>orders.shipped|delivered|cancelled</c>.</summary>
    Applied,

    /// <summary>order-service refused it: <c>orders.update-rejected</c>.</summary>
    Rejected,

    /// <summary>No outcome event within the timeout.</summary>
    NoOutcome,

    /// <summary>JetStream dropped the command as a duplicate: this request id was used within the duplicate window, so no new outcome follows.</summary>
    AlreadySent,
}

/// <summary>The outcome of one request.</summary>
/// <param name="Request">What was asked.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Event">The outcome event (Applied, Rejected).</param>
/// <param name="Latency">Publish to outcome received (or to giving up).</param>
internal sealed record UpdateOutcome(StatusRequest Request, OutcomeKind Kind, ObservedOrderEvent? Event, TimeSpan Latency)
{
    /// <summary>The order's version after an applied update.</summary>
    public int? Version => Event?.Version;

    public OrderUpdateRejected? Rejection => Event?.Event as OrderUpdateRejected;

    public int ExitCode => Kind switch
    {
        OutcomeKind.Applied => ExitCodes.Success,
        OutcomeKind.Rejected => ExitCodes.Failed,
        _ => ExitCodes.Usage,
    };
}
