using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orders.Nats.JetStream.Internal;

/// <summary>
/// JetStream sends every duration as an integer number of nanoseconds. Getting the unit wrong is a
/// classic bug (a 30 s ack wait sent as 30,000 ns redelivers everything at once), so the conversion
/// lives in exactly one place.
/// </summary>
internal sealed class NanosecondsJsonConverter : JsonConverter<TimeSpan>
{
    private const long NanosecondsPerTick = 100;

    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FromNanoseconds(reader.GetInt64());

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(ToNanoseconds(value));

    public static long ToNanoseconds(TimeSpan value) => checked(value.Ticks * NanosecondsPerTick);

    public static TimeSpan FromNanoseconds(long nanoseconds) => TimeSpan.FromTicks(nanoseconds / NanosecondsPerTick);
}
