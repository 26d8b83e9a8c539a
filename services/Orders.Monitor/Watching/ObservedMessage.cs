using NATS.Client.Core;

namespace Orders.Monitor.Watching;

/// <summary>A message exactly as a monitor consumer received it, before decoding.</summary>
/// <param name="Stream">Stream it is stored in.</param>
/// <param name="Sequence">Its sequence in that stream.</param>
/// <param name="Subject">Subject it was published on.</param>
/// <param name="Timestamp">When the stream stored it.</param>
/// <param name="Headers">Headers it was published with, null when none.</param>
/// <param name="Data">Payload.</param>
internal sealed record ObservedMessage(
    string Stream,
    ulong Sequence,
    string Subject,
    DateTimeOffset Timestamp,
    NatsHeaders? Headers,
    ReadOnlyMemory<byte> Data);
