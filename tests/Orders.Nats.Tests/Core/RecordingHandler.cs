using System.Buffers;
using System.Text;
using Orders.Nats.Internal;

namespace Orders.Nats.Tests.Core;

/// <summary>Writes every parsed operation down as text so tests can compare what the parser saw.</summary>
internal sealed class RecordingHandler : IServerOpHandler
{
    public List<string> Ops { get; } = [];

    public List<NatsHeaders?> Headers { get; } = [];

    public List<byte[]> Payloads { get; } = [];

    public void OnMsg(ReadOnlySpan<byte> subject, ReadOnlySpan<byte> sid, ReadOnlySpan<byte> replyTo,
                      in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload)
    {
        var parsedHeaders = headers.IsEmpty ? null : HeaderCodec.Parse(headers);
        Headers.Add(parsedHeaders);
        Payloads.Add(payload.ToArray());
        Ops.Add($"MSG {Encoding.UTF8.GetString(subject)} {Encoding.UTF8.GetString(sid)} {Encoding.UTF8.GetString(replyTo)} " +
                $"[{parsedHeaders}] {payload.Length} bytes");
    }

    public void OnInfo(ReadOnlySpan<byte> json) => Ops.Add("INFO " + Encoding.UTF8.GetString(json));

    public void OnPing() => Ops.Add("PING");

    public void OnPong() => Ops.Add("PONG");

    public void OnOk() => Ops.Add("+OK");

    public void OnError(ReadOnlySpan<byte> message) => Ops.Add("-ERR " + Encoding.UTF8.GetString(message));
}
