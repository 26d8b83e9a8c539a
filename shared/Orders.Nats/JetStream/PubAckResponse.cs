namespace Orders.Nats.JetStream;

/// <summary>A stream's acknowledgement of a publish: the message is stored.</summary>
/// <param name="Stream">Stream that stored it.</param>
/// <param name="Seq">Its stream sequence.</param>
/// <param name="Duplicate">True when the stream had already stored a message with the same <c>Nats-Msg-Id</c> and dropped this one.</param>
public sealed record PubAckResponse(string Stream, ulong Seq, bool Duplicate);
