using System.Text.Json;
using System.Text.Json.Serialization;
using Orders.Contracts.Internal;

namespace Orders.Contracts.Json.Internal;

/// <summary>
/// Enums on the wire are their exact member names. The built-in string-enum converter also
/// accepts numbers, other casings and comma lists; the contract says any other value is
/// malformed, so this one accepts exactly the names and explains what it expected.
/// </summary>
internal sealed class ExactNameEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    private static readonly string[] Names = Enum.GetNames<TEnum>();
    private static readonly string Expected = $"must be one of {string.Join(", ", Names)}";

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new ContractJsonException($"{Expected} (was {JsonErrors.DescribeToken(reader.TokenType)})");
        }

        var text = reader.GetString()!;
        if (Array.IndexOf(Names, text) < 0)
        {
            throw new ContractJsonException($"{Expected} (was {PlainText.Quote(text)})");
        }

        return Enum.Parse<TEnum>(text);
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        var name = Enum.GetName(value)
            ?? throw new JsonException($"{typeof(TEnum).Name} has no member with value {value}.");
        writer.WriteStringValue(name);
    }
}
