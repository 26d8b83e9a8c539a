using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Orders.PushOrder.Workload;

/// <summary>An inclusive range of order totals, written <c>10-500</c> or <c>12.50-99.99</c> on the command line.</summary>
internal readonly record struct AmountRange(decimal Min, decimal Max)
{
    public static bool TryParse(string? text, [NotNullWhen(false)] out string? error, out AmountRange range)
    {
        range = default;
        var parts = (text ?? "").Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !decimal.TryParse(parts[0], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var min)
            || !decimal.TryParse(parts[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var max))
        {
            error = $"must be MIN-MAX, e.g. 10-500 (was '{text}')";
            return false;
        }

        if (decimal.Round(min, 2) != min || decimal.Round(max, 2) != max)
        {
            error = $"amounts have at most 2 fraction digits (was '{text}')";
            return false;
        }

        if (min > max)
        {
            error = $"the minimum is above the maximum (was '{text}')";
            return false;
        }

        range = new AmountRange(min, max);
        error = null;
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Min}-{Max}");
}
