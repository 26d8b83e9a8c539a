namespace Orders.Contracts;

/// <summary>The <c>reason</c> values of <c>payments.declined</c> (and <c>orders.payment-failed</c>).</summary>
public static class DeclineReasons
{
    /// <summary>The order total is above the decline limit (<c>Payments:DeclineAbove</c>).</summary>
    public const string LimitExceeded = "limit-exceeded";

    /// <summary>The order was cancelled before the payment was captured.</summary>
    public const string Cancelled = "cancelled";
}
