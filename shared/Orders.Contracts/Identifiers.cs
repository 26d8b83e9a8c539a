using System.Buffers;

namespace Orders.Contracts;

/// <summary>
/// The identifier rule shared by <c>orderId</c>, <c>customerId</c> and <c>requestId</c>:
/// 1 to 64 characters of <c>[A-Za-z0-9_-]</c>. Such ids are safe inside subjects, message ids
/// and database keys without escaping.
/// </summary>
public static class Identifiers
{
    /// <summary>Longest identifier the contract allows.</summary>
    public const int MaxLength = 64;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    /// <summary>True when <paramref name="value"/> satisfies the identifier rule.</summary>
    public static bool IsValid(string? value) =>
        value is { Length: >= 1 and <= MaxLength } && !value.AsSpan().ContainsAnyExcept(Allowed);
}
