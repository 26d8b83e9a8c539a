using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Orders.Nats.Internal;

/// <summary>Serialises client operations into a buffer writer. Each method returns the bytes written.</summary>
internal static class ProtocolWriter
{
    public const int MaxNumberLength = 20;

    /// <summary>
    /// The publish hot path into the connection's buffer. A command without headers that fits a chunk
    /// is written in one pass into the current chunk (a new one only when it is full): no interface
    /// calls, one <see cref="OutboundBuffer.Advance"/>; inlined into the caller, so a publish that only
    /// buffers makes no call of its own here.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WritePublish(OutboundBuffer buffer, in WireSubject subject, in WireSubject replyTo, NatsHeaders? headers, ReadOnlySpan<byte> payload)
    {
        if (headers is null)
        {
            var size = 6 + subject.MaxByteCount + 1 + replyTo.MaxByteCount + 1 + MaxNumberLength + 2 + payload.Length + 2;
            if (size <= OutboundChunkPool.ChunkSize)
            {
                var span = buffer.TryGetHeadSpan(size, out var head) ? head : buffer.GetSpan(size);
                var written = WriteSmallPublish(span, subject, replyTo, payload);
                buffer.Advance(written);
                return written;
            }
        }

        return WritePublish((IBufferWriter<byte>)buffer, subject, replyTo, headers, payload);
    }

    public static int WritePublish(IBufferWriter<byte> writer, in WireSubject subject, in WireSubject replyTo, NatsHeaders? headers, ReadOnlySpan<byte> payload)
    {
        var headerLength = headers?.WireLength ?? 0;
        var maxLine = 6 + subject.MaxByteCount + 1 + replyTo.MaxByteCount + 1 + (2 * (MaxNumberLength + 1)) + 2;
        var span = writer.GetSpan(maxLine);
        var at = 0;
        if (headers is null)
        {
            "PUB "u8.CopyTo(span);
            at = 4;
        }
        else
        {
            "HPUB "u8.CopyTo(span);
            at = 5;
        }

        at += subject.CopyTo(span[at..]);
        span[at++] = (byte)' ';
        if (!replyTo.IsNone)
        {
            at += replyTo.CopyTo(span[at..]);
            span[at++] = (byte)' ';
        }

        if (headers is not null)
        {
            at += WriteNumber(span[at..], headerLength);
            span[at++] = (byte)' ';
        }

        at += WriteNumber(span[at..], headerLength + payload.Length);
        span[at++] = (byte)'\r';
        span[at++] = (byte)'\n';
        writer.Advance(at);

        if (headers is not null)
        {
            HeaderCodec.Write(writer, headers);
        }

        writer.Write(payload);
        writer.Write("\r\n"u8);
        return at + headerLength + payload.Length + 2;
    }

    /// <summary>A PUB without headers into <paramref name="span"/>, which has room for all of it; returns the bytes written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WriteSmallPublish(Span<byte> span, in WireSubject subject, in WireSubject replyTo, ReadOnlySpan<byte> payload)
    {
        "PUB "u8.CopyTo(span);
        var at = 4 + subject.CopyTo(span[4..]);
        span[at++] = (byte)' ';
        if (!replyTo.IsNone)
        {
            at += replyTo.CopyTo(span[at..]);
            span[at++] = (byte)' ';
        }

        at += WriteLength(span[at..], payload.Length);
        span[at++] = (byte)'\r';
        span[at++] = (byte)'\n';
        payload.CopyTo(span[at..]);
        at += payload.Length;
        span[at++] = (byte)'\r';
        span[at++] = (byte)'\n';
        return at;
    }

    /// <summary>Exact size <see cref="WritePublish"/> will produce (used to check the reconnect buffer before writing).</summary>
    public static int PublishSize(in WireSubject subject, in WireSubject replyTo, NatsHeaders? headers, int payloadLength)
    {
        var headerLength = headers?.WireLength ?? 0;
        var size = (headers is null ? 4 : 5) + subject.ByteCount + 1;
        if (!replyTo.IsNone)
        {
            size += replyTo.ByteCount + 1;
        }

        if (headers is not null)
        {
            size += DigitCount(headerLength) + 1;
        }

        return size + DigitCount(headerLength + payloadLength) + 2 + headerLength + payloadLength + 2;
    }

    public static int WriteSubscribe(IBufferWriter<byte> writer, long sid, string subject, string? queueGroup)
    {
        var span = writer.GetSpan(4 + (subject.Length * 3) + 1 + ((queueGroup?.Length ?? 0) * 3) + 1 + MaxNumberLength + 2);
        "SUB "u8.CopyTo(span);
        var at = 4;
        at += Encoding.UTF8.GetBytes(subject, span[at..]);
        span[at++] = (byte)' ';
        if (queueGroup is not null)
        {
            at += Encoding.UTF8.GetBytes(queueGroup, span[at..]);
            span[at++] = (byte)' ';
        }

        at += WriteNumber(span[at..], sid);
        span[at++] = (byte)'\r';
        span[at++] = (byte)'\n';
        writer.Advance(at);
        return at;
    }

    public static int WriteUnsubscribe(IBufferWriter<byte> writer, long sid)
    {
        var span = writer.GetSpan(6 + MaxNumberLength + 2);
        "UNSUB "u8.CopyTo(span);
        var at = 6 + WriteNumber(span[6..], sid);
        span[at++] = (byte)'\r';
        span[at++] = (byte)'\n';
        writer.Advance(at);
        return at;
    }

    public static int WritePing(IBufferWriter<byte> writer)
    {
        writer.Write("PING\r\n"u8);
        return 6;
    }

    public static int WritePong(IBufferWriter<byte> writer)
    {
        writer.Write("PONG\r\n"u8);
        return 6;
    }

    /// <summary>Writes <c>CONNECT {json}\r\n</c>.</summary>
    public static void WriteConnect(IBufferWriter<byte> writer, ReadOnlySpan<byte> json)
    {
        writer.Write("CONNECT "u8);
        writer.Write(json);
        writer.Write("\r\n"u8);
    }

    /// <summary>Sizes, sids and reply numbers are never negative; plain digits, no format or culture lookups on the hot path.</summary>
    public static int WriteNumber(Span<byte> destination, long value)
    {
        // The UTF-8 formatter writes two digits per step from a table; an unsigned number in the
        // default format has no sign or separators, so no culture is involved.
        if (!((ulong)value).TryFormat(destination, out var written, format: default, provider: CultureInfo.InvariantCulture))
        {
            throw new ArgumentException("The destination is too small for the number.", nameof(destination));
        }

        return written;
    }

    /// <summary>A payload length: most are below 1,000, written without the formatter's call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WriteLength(Span<byte> destination, int value)
    {
        if ((uint)value < 10)
        {
            destination[0] = (byte)('0' + value);
            return 1;
        }

        if ((uint)value < 100)
        {
            destination[1] = (byte)('0' + (value % 10));
            destination[0] = (byte)('0' + (value / 10));
            return 2;
        }

        if ((uint)value < 1000)
        {
            destination[2] = (byte)('0' + (value % 10));
            destination[1] = (byte)('0' + (value / 10 % 10));
            destination[0] = (byte)('0' + (value / 100));
            return 3;
        }

        return WriteNumber(destination, value);
    }

    private static int DigitCount(int value) => DigitCount((ulong)value);

    public static int DigitCount(ulong value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }
}
