using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Orders.Contracts.Json.Internal;

namespace Orders.Contracts.Json;

/// <summary>
/// Reading and writing contract messages as UTF-8 JSON through <see cref="OrdersJsonContext"/>.
/// Reading never throws for bad input: a consumer turns the error text straight into a
/// dead-letter reason, so one bad message can never stop a consumer.
/// </summary>
public static class OrdersJson
{
    /// <summary>The message as UTF-8 JSON.</summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a message of the contract (a programming error).</exception>
    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo<T>());

    /// <summary>Writes the message as UTF-8 JSON into <paramref name="destination"/> (e.g. a pooled buffer or a pipe), without an intermediate array.</summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a message of the contract (a programming error).</exception>
    public static void Serialize<T>(IBufferWriter<byte> destination, T value)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var writer = CachedWriter.Rent(destination);
        try
        {
            JsonSerializer.Serialize(writer, value, TypeInfo<T>());
            writer.Flush();
        }
        finally
        {
            CachedWriter.Return(writer);
        }
    }

    /// <summary>
    /// Reads a message. False, with <paramref name="error"/> in plain words (e.g.
    /// <c>items[0].quantity must be an integer (was a string)</c>), when the bytes are not UTF-8,
    /// not JSON, of the wrong shape or miss a required property.
    /// </summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a message of the contract (a programming error).</exception>
    public static bool TryDeserialize<T>(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out T? value, out string error)
        where T : class
    {
        var typeInfo = TypeInfo<T>();
        value = null;

        if (utf8Json.IsEmpty)
        {
            error = "the payload is empty";
            return false;
        }

        // The JSON reader would also notice, but only at the first bad string and with a
        // technical message; checking up front gives one clear answer for the whole payload.
        if (!Utf8.IsValid(utf8Json))
        {
            error = "the payload is not valid UTF-8 text";
            return false;
        }

        try
        {
            value = JsonSerializer.Deserialize(utf8Json, typeInfo);
        }
        catch (JsonException exception)
        {
            error = JsonErrors.Describe(utf8Json, typeInfo, exception);
            return false;
        }

        if (value is null)
        {
            error = "the payload is JSON null, expected an object";
            return false;
        }

        error = string.Empty;
        return true;
    }

    private static JsonTypeInfo<T> TypeInfo<T>() =>
        OrdersJsonContext.Default.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
        ?? throw new ArgumentException($"{typeof(T).Name} is not a message of the contract; add it to {nameof(OrdersJsonContext)}.");

    /// <summary>One reusable writer per thread: serialising into a buffer writer is on every publish path.</summary>
    private static class CachedWriter
    {
        [ThreadStatic]
        private static Utf8JsonWriter? cached;

        public static Utf8JsonWriter Rent(IBufferWriter<byte> destination)
        {
            var writer = cached;
            if (writer is null)
            {
                return new Utf8JsonWriter(destination);
            }

            cached = null;
            writer.Reset(destination);
            return writer;
        }

        public static void Return(Utf8JsonWriter writer)
        {
            // Drop the reference to the caller's buffer before the writer waits for its next use.
            writer.Reset(NullBufferWriter.Instance);
            cached = writer;
        }
    }

    private sealed class NullBufferWriter : IBufferWriter<byte>
    {
        public static readonly NullBufferWriter Instance = new();

        public void Advance(int count) => throw new InvalidOperationException();

        public Memory<byte> GetMemory(int sizeHint = 0) => throw new InvalidOperationException();

        public Span<byte> GetSpan(int sizeHint = 0) => throw new InvalidOperationException();
    }
}
