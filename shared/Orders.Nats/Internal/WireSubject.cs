using System.Text;

namespace Orders.Nats.Internal;

/// <summary>
/// A subject as the protocol writer takes it: a string, bytes the server sent us (a JetStream ack
/// subject, written back as received), or a string prefix followed by a decimal number (one reply
/// inbox per message). The last two let hot paths publish without building a string per message.
/// </summary>
internal readonly struct WireSubject
{
    private readonly string? _text;
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly long _number;
    private readonly bool _hasNumber;

    private WireSubject(string? text, ReadOnlyMemory<byte> bytes, long number, bool hasNumber)
    {
        _text = text;
        _bytes = bytes;
        _number = number;
        _hasNumber = hasNumber;
    }

    /// <summary>No subject (e.g. a publish without reply-to).</summary>
    public bool IsNone => _text is null && _bytes.IsEmpty;

    /// <summary>The string itself, when the subject is one: no copy for the common case.</summary>
    public string? Text => _hasNumber ? null : _text;

    /// <summary>Upper bound of the encoded length, cheap to compute.</summary>
    public int MaxByteCount => _text is null ? _bytes.Length : (_text.Length * 3) + (_hasNumber ? ProtocolWriter.MaxNumberLength : 0);

    /// <summary>Exact encoded length.</summary>
    public int ByteCount => _text is null
        ? _bytes.Length
        : Encoding.UTF8.GetByteCount(_text) + (_hasNumber ? ProtocolWriter.DigitCount((ulong)_number) : 0);

    /// <summary>Bytes written by the server: sent back as they are.</summary>
    public static WireSubject FromBytes(ReadOnlyMemory<byte> subject) => new(null, subject, 0, hasNumber: false);

    /// <summary><paramref name="prefix"/> followed by <paramref name="number"/> in decimal (<paramref name="number"/> &gt;= 0).</summary>
    public static WireSubject WithNumber(string prefix, long number)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        return new(prefix, default, number, hasNumber: true);
    }

    public static implicit operator WireSubject(string? subject) => new(subject, default, 0, hasNumber: false);

    /// <summary>Encodes the subject into <paramref name="destination"/> (at least <see cref="MaxByteCount"/> long); returns the bytes written.</summary>
    public int CopyTo(Span<byte> destination)
    {
        if (_text is null)
        {
            _bytes.Span.CopyTo(destination);
            return _bytes.Length;
        }

        var written = Encoding.UTF8.GetBytes(_text, destination);
        return _hasNumber ? written + ProtocolWriter.WriteNumber(destination[written..], _number) : written;
    }

    /// <summary>For error messages.</summary>
    public override string ToString() => _text is null
        ? Encoding.UTF8.GetString(_bytes.Span)
        : _hasNumber ? string.Concat(_text, _number.ToString(System.Globalization.CultureInfo.InvariantCulture)) : _text;
}
