using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Orders.Contracts.Validation;

/// <summary>
/// The contract's "same content" rule for idempotent <c>submit-order</c>: the same
/// <c>customerId</c>, <c>currency</c> and item lines in the same order. Because it is computed
/// from the parsed command, JSON key order, whitespace and unknown properties cannot change it,
/// and prices compare by value (19.9 equals 19.90). The result is a short string
/// (<c>v1:</c> + SHA-256 hex) meant to be stored next to the order and compared later.
/// </summary>
public static class ContentFingerprint
{
    private const string Prefix = "v1:";

    /// <summary>The fingerprint of the command's content (its <c>orderId</c> is not part of it). Call it on a valid command.</summary>
    /// <exception cref="ArgumentException">The command has no items or a null line.</exception>
    public static string Of(SubmitOrder command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Items is null || command.Items.Any(item => item is null))
        {
            throw new ArgumentException("Only a command whose items are all present has a fingerprint; validate it first.", nameof(command));
        }

        // The canonical form is a JSON array: its escaping keeps field boundaries unambiguous
        // (a sku containing a separator cannot collide with two other skus).
        var canonical = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(canonical))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(command.CustomerId);
            writer.WriteStringValue(command.Currency);
            writer.WriteStartArray();
            foreach (var item in command.Items)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(item.Sku);
                writer.WriteNumberValue(item.Quantity);
                writer.WriteStringValue(Money.CanonicalText(item.UnitPrice));
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WriteEndArray();
        }

        return Prefix + Convert.ToHexStringLower(SHA256.HashData(canonical.WrittenSpan));
    }

    /// <summary>True when both commands have the same content in the contract's sense.</summary>
    public static bool SameContent(SubmitOrder first, SubmitOrder second) =>
        string.Equals(Of(first), Of(second), StringComparison.Ordinal);
}
