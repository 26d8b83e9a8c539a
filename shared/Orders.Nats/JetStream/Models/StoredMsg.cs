namespace Orders.Nats.JetStream;

/// <summary>A message read directly from a stream by sequence (<c>STREAM.MSG.GET</c>).</summary>
/// <param name="Subject">Subject it was published to.</param>
/// <param name="Sequence">Its stream sequence.</param>
/// <param name="Data">Payload.</param>
/// <param name="Headers">Headers it was published with, null when none.</param>
/// <param name="Time">When the stream stored it.</param>
public sealed record StoredMsg(string Subject, ulong Sequence, ReadOnlyMemory<byte> Data, NatsHeaders? Headers, DateTimeOffset Time);
