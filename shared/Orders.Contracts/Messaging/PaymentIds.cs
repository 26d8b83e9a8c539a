namespace Orders.Contracts.Messaging;

/// <summary>One payment per order, so its id is derived from the order id.</summary>
public static class PaymentIds
{
    /// <summary><c>pay-&lt;orderId&gt;</c>.</summary>
    public static string For(string orderId)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        return "pay-" + orderId;
    }
}
