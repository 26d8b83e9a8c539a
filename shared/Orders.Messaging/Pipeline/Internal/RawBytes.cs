using System.Buffers;
using NATS.Client.Core;

namespace Orders.Messaging.Pipeline.Internal;

/// <summary>Publishes bytes exactly as given: the contract's payloads are serialized by us, once.</summary>
internal sealed class RawBytes : INatsSerialize<ReadOnlyMemory<byte>>
{
    public static readonly RawBytes Instance = new();

    public void Serialize(IBufferWriter<byte> bufferWriter, ReadOnlyMemory<byte> value) => bufferWriter.Write(value.Span);
}
