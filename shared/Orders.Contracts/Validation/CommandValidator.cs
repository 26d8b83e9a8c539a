using System.Globalization;
using Orders.Contracts.Internal;

namespace Orders.Contracts.Validation;

/// <summary>
/// The contract's validity rules for commands. Returns every problem at once, in plain words
/// naming the property (<c>items[2].quantity must be an integer from 1 to 1000 (was 0)</c>), so
/// a dead letter tells the sender everything to fix. An empty list means valid.
/// </summary>
public static class CommandValidator
{
    public const int MinItems = 1;
    public const int MaxItems = 100;
    public const int MinQuantity = 1;
    public const int MaxQuantity = 1000;
    public const decimal MaxUnitPrice = 100_000m;

    /// <summary>The statuses an <see cref="UpdateStatus"/> may ask for; the others are reached only through payments.</summary>
    public static readonly IReadOnlyList<OrderStatus> RequestableStatuses =
        [OrderStatus.Shipped, OrderStatus.Delivered, OrderStatus.Cancelled];

    /// <summary>Every rule <c>commands.submit-order</c> breaks.</summary>
    public static IReadOnlyList<string> Validate(SubmitOrder command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var problems = new List<string>();
        CheckId(problems, "orderId", command.OrderId);
        CheckId(problems, "customerId", command.CustomerId);
        CheckCurrency(problems, command.Currency);

        if (command.Items is null)
        {
            problems.Add("items is required");
            return problems;
        }

        if (command.Items.Count is < MinItems or > MaxItems)
        {
            problems.Add(Invariant($"items must hold {MinItems} to {MaxItems} lines (was {command.Items.Count})"));
        }

        for (var i = 0; i < command.Items.Count; i++)
        {
            CheckItem(problems, Invariant($"items[{i}]"), command.Items[i]);
        }

        return problems;
    }

    /// <summary>Every rule <c>commands.update-status</c> breaks.</summary>
    public static IReadOnlyList<string> Validate(UpdateStatus command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var problems = new List<string>();
        CheckId(problems, "requestId", command.RequestId);
        CheckId(problems, "orderId", command.OrderId);

        if (!RequestableStatuses.Contains(command.Status))
        {
            var was = Enum.GetName(command.Status) ?? ((int)command.Status).ToString(CultureInfo.InvariantCulture);
            problems.Add($"status must be Shipped, Delivered or Cancelled (was {was})");
        }

        if (command.ExpectedVersion is < 1)
        {
            problems.Add(Invariant($"expectedVersion must be 1 or more when present (was {command.ExpectedVersion})"));
        }

        return problems;
    }

    private static void CheckId(List<string> problems, string name, string? value)
    {
        if (!Identifiers.IsValid(value))
        {
            problems.Add(
                $"{name} must be 1 to {Identifiers.MaxLength} characters of A-Z, a-z, 0-9, '_' or '-' " +
                $"(was {Describe(value)})");
        }
    }

    private static void CheckCurrency(List<string> problems, string? currency)
    {
        if (currency is not { Length: 3 } || !currency.All(char.IsAsciiLetterUpper))
        {
            problems.Add($"currency must be 3 upper-case letters such as USD (was {Describe(currency)})");
        }
    }

    private static void CheckItem(List<string> problems, string where, OrderItem? item)
    {
        if (item is null)
        {
            problems.Add($"{where} must be an object (was null)");
            return;
        }

        if (item.Sku is null)
        {
            problems.Add($"{where}.sku is required");
        }

        if (item.Quantity is < MinQuantity or > MaxQuantity)
        {
            problems.Add(Invariant($"{where}.quantity must be an integer from {MinQuantity} to {MaxQuantity} (was {item.Quantity})"));
        }

        if (item.UnitPrice <= 0m || item.UnitPrice > MaxUnitPrice)
        {
            problems.Add(Invariant($"{where}.unitPrice must be greater than 0 and at most {MaxUnitPrice} (was {item.UnitPrice})"));
        }

        if (!Money.HasAtMostTwoFractionDigits(item.UnitPrice))
        {
            problems.Add(Invariant($"{where}.unitPrice must have at most 2 fraction digits (was {item.UnitPrice})"));
        }
    }

    private static string Describe(string? value) => value is null ? "missing" : PlainText.Quote(value);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
