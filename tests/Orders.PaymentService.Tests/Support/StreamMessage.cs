using System.Buffers;
using System.Text;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Orders.PaymentService.Tests.Support;

/// <summary>
/// A message as a stream stores it, read by its sequence (<c>STREAM.MSG.GET</c>, what <c>nats stream
/// get</c> does): exactly the subject, headers and payload the publisher sent, independent of any consumer.
/// </summary>
internal sealed record StreamMessage(string Subject, ulong Sequence, ReadOnlyMemory<byte> Data, IReadOnlyDictionary<string, string> Headers)
{
    // The server returns the header block base64-encoded, in wire form (NATS/1.0 line, then "Key: Value" lines).
    private static readonly NatsHeaderParser HeaderParser = new(Encoding.UTF8);

    /// <summary>The first value of header <paramref name="name"/> (names compared exactly), or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>Reads message <paramref name="sequence"/> of <paramref name="stream"/>.</summary>
    public static async Task<StreamMessage> ReadAsync(INatsJSStream stream, ulong sequence)
    {
        var stored = (await stream.GetAsync(new StreamMsgGetRequest { Seq = sequence })).Message;
        return new StreamMessage(stored.Subject, stored.Seq, stored.Data, ParseHeaders(stored.Hdrs));
    }

    private static Dictionary<string, string> ParseHeaders(string? encoded)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(encoded))
        {
            return result;
        }

        var headers = new NatsHeaders();
        HeaderParser.ParseHeaders(new SequenceReader<byte>(new ReadOnlySequence<byte>(Convert.FromBase64String(encoded))), headers);
        foreach (var (name, values) in headers)
        {
            result[name] = values[0] ?? string.Empty;
        }

        return result;
    }
}
