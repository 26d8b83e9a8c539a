using System.Buffers;
using System.Text.Json;

namespace Orders.Nats.JetStream.Internal;

/// <summary>
/// Reads a stream's answer to a publish (<c>{"stream":"ORDERS","seq":42,"duplicate":true}</c>) straight
/// from the bytes: no intermediate objects, and the stream name is taken from
/// <paramref name="lastStream"/> when it matches (a publisher nearly always hears from the same stream),
/// so a successful ack allocates only its <see cref="PubAckResponse"/>. Error answers, rare, go
/// through the regular deserializer.
/// </summary>
internal static class PubAckReader
{
    /// <summary>An ack as the socket reader has it: usually one segment, occasionally split across two reads.</summary>
    /// <exception cref="NatsJSApiException">The stream refused the message.</exception>
    /// <exception cref="NatsJSException">The reply is not a JetStream ack.</exception>
    public static PubAckResponse Read(in ReadOnlySequence<byte> json, string subject, ref string? lastStream)
    {
        if (json.IsSingleSegment)
        {
            return Read(json.FirstSpan, subject, ref lastStream);
        }

        var length = checked((int)json.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            json.CopyTo(rented);
            return Read(rented.AsSpan(0, length), subject, ref lastStream);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <exception cref="NatsJSApiException">The stream refused the message.</exception>
    /// <exception cref="NatsJSException">The reply is not a JetStream ack.</exception>
    public static PubAckResponse Read(ReadOnlySpan<byte> json, string subject, ref string? lastStream)
    {
        string? stream = null;
        ulong seq = 0;
        var duplicate = false;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw NotAnAck(subject);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("stream"u8))
                {
                    reader.Read();
                    stream = ReadStreamName(ref reader, ref lastStream);
                }
                else if (reader.ValueTextEquals("seq"u8))
                {
                    reader.Read();
                    seq = reader.GetUInt64();
                }
                else if (reader.ValueTextEquals("duplicate"u8))
                {
                    reader.Read();
                    duplicate = reader.GetBoolean();
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    throw ReadError(json);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            throw new NatsJSException($"Unreadable ack for publish to '{subject}'.", ex);
        }
        catch (InvalidOperationException ex)
        {
            // A value of an unexpected type (e.g. a string where the sequence number belongs).
            throw new NatsJSException($"Unreadable ack for publish to '{subject}'.", ex);
        }

        return stream is null ? throw NotAnAck(subject) : new PubAckResponse(stream, seq, duplicate);
    }

    private static string? ReadStreamName(ref Utf8JsonReader reader, ref string? lastStream)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return null;
        }

        var last = lastStream;
        if (last is not null && reader.ValueTextEquals(last))
        {
            return last;
        }

        return lastStream = reader.GetString();
    }

    private static Exception ReadError(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, JetStreamJsonContext.Default.ApiErrorResponse)?.Error is { } error
            ? NatsJSApiException.From(error)
            : new NatsJSException("A JetStream ack carried an unreadable error.");

    private static NatsJSException NotAnAck(string subject) =>
        new($"Publish to '{subject}' got a reply that is not a JetStream ack.");
}
