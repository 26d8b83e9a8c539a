using System.Buffers;

namespace Orders.Nats.Internal;

/// <summary>Receives the operations <see cref="ProtocolParser"/> finds; spans are only valid during the call.</summary>
internal interface IServerOpHandler
{
    /// <summary>MSG or HMSG. <paramref name="headers"/> is empty for MSG; it holds the raw block (status line included) for HMSG.</summary>
    void OnMsg(ReadOnlySpan<byte> subject, ReadOnlySpan<byte> sid, ReadOnlySpan<byte> replyTo,
               in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload);

    void OnInfo(ReadOnlySpan<byte> json);

    void OnPing();

    void OnPong();

    void OnOk();

    /// <summary>-ERR, with the surrounding quotes removed.</summary>
    void OnError(ReadOnlySpan<byte> message);
}
