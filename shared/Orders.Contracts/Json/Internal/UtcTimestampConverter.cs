using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orders.Contracts.Internal;

namespace Orders.Contracts.Json.Internal;

/// <summary>
/// Timestamps on the wire: written as <c>2026-11-21T08:00:00.000Z</c> (UTC, exactly three
/// fraction digits, so every producer looks the same); read from any ISO-8601 form that says
/// it is UTC (<c>Z</c> or <c>+00:00</c>). Other offsets are refused rather than silently shifted.
/// </summary>
internal sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    private const string WireFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'";
    private const int WireLength = 24;
    private const string Expected = "must be an ISO-8601 UTC timestamp such as 2026-11-21T08:00:00.000Z";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new ContractJsonException($"{Expected} (was {JsonErrors.DescribeToken(reader.TokenType)})");
        }

        if (!reader.TryGetDateTimeOffset(out var value) || !SaysUtc(ref reader) || value.Offset != TimeSpan.Zero)
        {
            throw new ContractJsonException($"{Expected} (was {PlainText.Quote(reader.GetString())})");
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<char> text = stackalloc char[WireLength];
        value.UtcDateTime.TryFormat(text, out var written, WireFormat, CultureInfo.InvariantCulture);
        writer.WriteStringValue(text[..written]);
    }

    // TryGetDateTimeOffset also accepts text without any offset (read as local time), so the
    // designator itself has to be checked.
    private static bool SaysUtc(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        return raw.EndsWith("Z"u8) || raw.EndsWith("z"u8) || raw.EndsWith("+00:00"u8);
    }
}
