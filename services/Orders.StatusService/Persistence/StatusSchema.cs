namespace Orders.StatusService.Persistence;

/// <summary>Names and store types the mapping, the migrations and the snapshot must agree on.</summary>
internal static class StatusSchema
{
    public const string OrderViews = "order_views";
    public const string OrderHistory = "order_history";

    /// <summary>Totals have at most 2 fraction digits (docs/contract.md, "Payloads").</summary>
    public const string MoneyType = "numeric(18,2)";
}
