using System.Buffers;
using System.Text;

namespace Orders.Nats.Internal;

/// <summary>
/// Incremental parser for server operations. It consumes whole operations only: when an operation
/// is not complete yet, it leaves it in the buffer and the caller reads more. Control lines are
/// parsed as bytes (no strings); only a message's own objects are allocated, by the handler.
/// </summary>
internal static class ProtocolParser
{
    /// <summary>Longest control line accepted (the server's own limit is 4 KB; INFO can be longer with many connect_urls).</summary>
    public const int MaxControlLine = 64 * 1024;

    private const int MaxArgs = 6;

    /// <summary>Parses every complete operation at the start of <paramref name="buffer"/> and slices them off.</summary>
    public static void ParseAll(ref ReadOnlySequence<byte> buffer, IServerOpHandler handler)
    {
        while (TryParseOne(ref buffer, handler))
        {
        }
    }

    /// <summary>Parses one operation; false (buffer untouched) when it is incomplete.</summary>
    public static bool TryParseOne(ref ReadOnlySequence<byte> buffer, IServerOpHandler handler)
    {
        if (buffer.IsEmpty)
        {
            return false;
        }

        var first = buffer.FirstSpan;
        var lf = first.IndexOf((byte)'\n');
        if (lf >= 0)
        {
            return Dispatch(ref buffer, first[..lf], lf + 1, handler);
        }

        // The control line spans segments: rare, copy it into one buffer.
        var position = buffer.PositionOf((byte)'\n');
        if (position is null)
        {
            if (buffer.Length > MaxControlLine)
            {
                throw new NatsProtocolException($"Control line longer than {MaxControlLine} bytes.");
            }

            return false;
        }

        var lineSequence = buffer.Slice(0, position.Value);
        var length = checked((int)lineSequence.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            lineSequence.CopyTo(rented);
            return Dispatch(ref buffer, rented.AsSpan(0, length), length + 1, handler);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool Dispatch(ref ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> line, int lineLength, IServerOpHandler handler)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        if (line.Length < 3)
        {
            throw Invalid(line);
        }

        switch (line[0] | 0x20)
        {
            case 'm' when IsOp(line, "msg"u8):
                return ParseMsg(ref buffer, line[3..], lineLength, hasHeaders: false, handler);
            case 'h' when IsOp(line, "hmsg"u8):
                return ParseMsg(ref buffer, line[4..], lineLength, hasHeaders: true, handler);
            case 'p' when line.Length == 4 && Ascii.EqualsIgnoreCase(line, "ping"u8):
                buffer = buffer.Slice(lineLength);
                handler.OnPing();
                return true;
            case 'p' when line.Length == 4 && Ascii.EqualsIgnoreCase(line, "pong"u8):
                buffer = buffer.Slice(lineLength);
                handler.OnPong();
                return true;
            case '+' when Ascii.EqualsIgnoreCase(line, "+ok"u8):
                buffer = buffer.Slice(lineLength);
                handler.OnOk();
                return true;
            case '-' when IsOp(line, "-err"u8) || Ascii.EqualsIgnoreCase(line, "-err"u8):
                buffer = buffer.Slice(lineLength);
                handler.OnError(Unquote(line[4..].Trim(" \t"u8)));
                return true;
            case 'i' when IsOp(line, "info"u8):
                buffer = buffer.Slice(lineLength);
                handler.OnInfo(line[4..].Trim(" \t"u8));
                return true;
            default:
                throw Invalid(line);
        }
    }

    private static bool ParseMsg(ref ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> args, int lineLength, bool hasHeaders, IServerOpHandler handler)
    {
        Span<Range> parts = stackalloc Range[MaxArgs];
        var count = Split(args, parts);

        // MSG <subject> <sid> [reply] <size>; HMSG <subject> <sid> [reply] <header size> <total size>
        var fixedCount = hasHeaders ? 4 : 3;
        if (count != fixedCount && count != fixedCount + 1)
        {
            throw Invalid(args);
        }

        var hasReply = count == fixedCount + 1;
        var subject = args[parts[0]];
        var sid = args[parts[1]];
        var replyTo = hasReply ? args[parts[2]] : default;
        var total = ParseSize(args[parts[count - 1]]);
        var headerSize = hasHeaders ? ParseSize(args[parts[count - 2]]) : 0;
        if (headerSize > total)
        {
            throw Invalid(args);
        }

        // The body (and its CR LF) must be complete before the operation is consumed.
        if (buffer.Length < lineLength + (long)total + 2)
        {
            return false;
        }

        var body = buffer.Slice(lineLength, total);
        var trailer = buffer.Slice(body.End, 2);
        if (!IsCrLf(trailer))
        {
            throw new NatsProtocolException("Message payload is not followed by CR LF.");
        }

        var headers = body.Slice(0, headerSize);
        var payload = body.Slice(headerSize);
        handler.OnMsg(subject, sid, replyTo, headers, payload);
        buffer = buffer.Slice(trailer.End);
        return true;
    }

    private static bool IsOp(ReadOnlySpan<byte> line, ReadOnlySpan<byte> op) =>
        line.Length > op.Length
        && Ascii.EqualsIgnoreCase(line[..op.Length], op)
        && line[op.Length] is (byte)' ' or (byte)'\t';

    private static bool IsCrLf(in ReadOnlySequence<byte> two)
    {
        Span<byte> bytes = stackalloc byte[2];
        two.CopyTo(bytes);
        return bytes[0] == (byte)'\r' && bytes[1] == (byte)'\n';
    }

    /// <summary>Splits on runs of spaces/tabs; returns the number of tokens (at most <paramref name="parts"/>.Length + 1 means too many).</summary>
    private static int Split(ReadOnlySpan<byte> args, Span<Range> parts)
    {
        var count = 0;
        var i = 0;
        while (i < args.Length)
        {
            while (i < args.Length && args[i] is (byte)' ' or (byte)'\t')
            {
                i++;
            }

            if (i == args.Length)
            {
                break;
            }

            var start = i;
            while (i < args.Length && args[i] is not ((byte)' ' or (byte)'\t'))
            {
                i++;
            }

            if (count == parts.Length)
            {
                return count + 1;
            }

            parts[count++] = new Range(start, i);
        }

        return count;
    }

    private static int ParseSize(ReadOnlySpan<byte> digits)
    {
        if (digits.IsEmpty || digits.Length > 10)
        {
            throw Invalid(digits);
        }

        long value = 0;
        foreach (var b in digits)
        {
            var digit = b - (byte)'0';
            if ((uint)digit > 9)
            {
                throw Invalid(digits);
            }

            value = value * 10 + digit;
        }

        return value <= int.MaxValue ? (int)value : throw Invalid(digits);
    }

    private static ReadOnlySpan<byte> Unquote(ReadOnlySpan<byte> text) =>
        text.Length >= 2 && text[0] == (byte)'\'' && text[^1] == (byte)'\'' ? text[1..^1] : text;

    private static NatsProtocolException Invalid(ReadOnlySpan<byte> text) =>
        new($"Invalid protocol line from server: '{Encoding.UTF8.GetString(text[..Math.Min(text.Length, 200)])}'.");
}
