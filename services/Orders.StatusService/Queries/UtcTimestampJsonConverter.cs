using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orders.StatusService.Queries;

/// <summary>
/// Writes timestamps as the contract spells them (docs/contract.md "Payloads"): ISO-8601 UTC with
/// milliseconds and <c>Z</c>, e.g. <c>2026-11-21T08:00:00.000Z</c>, whatever offset PostgreSQL returned.
/// </summary>
internal sealed class UtcTimestampJsonConverter : JsonConverter<DateTimeOffset>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
}
