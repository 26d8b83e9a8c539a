using System.Buffers;
using System.Text;

namespace Orders.Nats.Internal;

/// <summary>Reads and writes the NATS header block: <c>NATS/1.0[ code[ description]]\r\n(Key: Value\r\n)*\r\n</c>.</summary>
internal static class HeaderCodec
{
    public static ReadOnlySpan<byte> VersionLine => "NATS/1.0\r\n"u8;

    private static ReadOnlySpan<byte> Version => "NATS/1.0"u8;

    public static NatsHeaders Parse(in ReadOnlySequence<byte> block)
    {
        var length = checked((int)block.Length);
        if (block.IsSingleSegment)
        {
            return Parse(block.FirstSpan);
        }

        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            block.CopyTo(rented);
            return Parse(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static NatsHeaders Parse(ReadOnlySpan<byte> block)
    {
        var wireLength = block.Length;
        var lineEnd = block.IndexOf("\r\n"u8);
        if (lineEnd < 0 || !block.StartsWith(Version))
        {
            throw new NatsProtocolException("Header block does not start with NATS/1.0.");
        }

        var status = block[Version.Length..lineEnd].Trim(" \t"u8);
        var code = 0;
        string? description = null;
        if (!status.IsEmpty)
        {
            var space = status.IndexOfAny((byte)' ', (byte)'\t');
            var codeText = space < 0 ? status : status[..space];
            if (codeText.Length != 3 || !int.TryParse(codeText, out code))
            {
                throw new NatsProtocolException($"Invalid header status line '{Encoding.UTF8.GetString(block[..lineEnd])}'.");
            }

            if (space >= 0)
            {
                var text = status[(space + 1)..].Trim(" \t"u8);
                description = text.IsEmpty ? null : Encoding.UTF8.GetString(text);
            }
        }

        var headers = new NatsHeaders(code, description, wireLength);
        var rest = block[(lineEnd + 2)..];
        while (!rest.IsEmpty)
        {
            lineEnd = rest.IndexOf("\r\n"u8);
            var line = lineEnd < 0 ? rest : rest[..lineEnd];
            rest = lineEnd < 0 ? default : rest[(lineEnd + 2)..];
            if (line.IsEmpty)
            {
                continue;
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                throw new NatsProtocolException($"Invalid header line '{Encoding.UTF8.GetString(line)}'.");
            }

            headers.AddParsed(
                Encoding.UTF8.GetString(line[..colon].Trim(" \t"u8)),
                Encoding.UTF8.GetString(line[(colon + 1)..].Trim(" \t"u8)));
        }

        return headers;
    }

    /// <summary>Writes the block; exactly <see cref="NatsHeaders.WireLength"/> bytes.</summary>
    public static void Write(IBufferWriter<byte> writer, NatsHeaders headers)
    {
        var span = writer.GetSpan(headers.WireLength);
        VersionLine.CopyTo(span);
        var at = VersionLine.Length;
        foreach (var (key, value) in headers)
        {
            at += Encoding.UTF8.GetBytes(key, span[at..]);
            span[at++] = (byte)':';
            span[at++] = (byte)' ';
            at += Encoding.UTF8.GetBytes(value, span[at..]);
            span[at++] = (byte)'\r';
            span[at++] = (byte)'\n';
        }

        span[at++] = (byte)'\r';
        span[at++] = (byte)'\n';
        writer.Advance(at);
    }
}
