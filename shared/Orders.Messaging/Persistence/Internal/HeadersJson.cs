using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Orders.Messaging.Persistence.Internal;

/// <summary>Stores outbox headers as a JSON object in a <c>jsonb</c> column.</summary>
internal static class HeadersJson
{
    public static readonly ValueConverter<IReadOnlyDictionary<string, string>?, string?> Converter = new(
        headers => Serialize(headers),
        json => Deserialize(json));

    // Outbox rows are written once and never edited through the change tracker, but EF Core
    // still needs to know how to compare and snapshot a dictionary-valued property.
    public static readonly ValueComparer<IReadOnlyDictionary<string, string>?> Comparer = new(
        (left, right) => AreEqual(left, right),
        headers => HashOf(headers),
        headers => headers == null ? null : new Dictionary<string, string>(headers, StringComparer.Ordinal));

    private static string? Serialize(IReadOnlyDictionary<string, string>? headers) =>
        headers is null ? null : JsonSerializer.Serialize(headers, HeadersJsonContext.Default.IReadOnlyDictionaryStringString);

    private static IReadOnlyDictionary<string, string>? Deserialize(string? json) =>
        json is null ? null : JsonSerializer.Deserialize(json, HeadersJsonContext.Default.DictionaryStringString);

    private static bool AreEqual(IReadOnlyDictionary<string, string>? left, IReadOnlyDictionary<string, string>? right)
    {
        if (left is null || right is null)
        {
            return ReferenceEquals(left, right);
        }

        return left.Count == right.Count
            && left.All(pair => right.TryGetValue(pair.Key, out var value) && string.Equals(value, pair.Value, StringComparison.Ordinal));
    }

    private static int HashOf(IReadOnlyDictionary<string, string>? headers)
    {
        var hash = 0;
        foreach (var (key, value) in headers ?? new Dictionary<string, string>())
        {
            hash ^= HashCode.Combine(key, value); // order-independent, like the equality above
        }

        return hash;
    }
}

[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class HeadersJsonContext : JsonSerializerContext;
