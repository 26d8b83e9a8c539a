using System.Buffers;
using NATS.Client.Core;

namespace Orders.Messaging.Pipeline.Internal;

/// <summary>
/// Payloads stay bytes: the pipeline decodes and validates them itself (a malformed message must be
/// dead-lettered with a reason, not fail inside the client), and a dead letter carries them unchanged.
/// </summary>
internal sealed class RawPayload : INatsDeserialize<byte[]>
{
    public static readonly RawPayload Instance = new();

    public byte[]? Deserialize(in ReadOnlySequence<byte> buffer) => buffer.ToArray();
}
