using System.Globalization;

namespace Orders.Contracts;

/// <summary>
/// Money rules of the contract: decimal amounts with at most 2 fraction digits. Kept in one
/// place so the order total, validation and the content fingerprint can never disagree.
/// </summary>
public static class Money
{
    /// <summary>True when <paramref name="amount"/> has no more than 2 significant fraction digits (12.50 and 12.500 qualify, 12.505 does not).</summary>
    public static bool HasAtMostTwoFractionDigits(decimal amount) => decimal.Round(amount, 2) == amount;

    /// <summary>The amount with trailing zeros beyond two fraction digits dropped (12.500 becomes 12.50); the value is unchanged.</summary>
    public static decimal Normalize(decimal amount) =>
        HasAtMostTwoFractionDigits(amount) ? decimal.Round(amount, 2) : amount;

    /// <summary>Sum of quantity x unit price over the lines, rounded to cents (away from zero).</summary>
    public static decimal Total(IEnumerable<OrderItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var sum = 0m;
        foreach (var item in items)
        {
            sum += item.Quantity * item.UnitPrice;
        }

        return decimal.Round(sum, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>Shortest invariant text of the value (19.990 gives "19.99", 20.00 gives "20"): the same number always gives the same text.</summary>
    public static string CanonicalText(decimal amount) =>
        amount.ToString("0.############################", CultureInfo.InvariantCulture);
}
