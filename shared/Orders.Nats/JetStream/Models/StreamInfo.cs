namespace Orders.Nats.JetStream;

/// <summary>A stream as the server reports it: the effective configuration and its current state.</summary>
/// <param name="Config">Configuration with the server's defaults filled in.</param>
/// <param name="Created">When the stream was created.</param>
/// <param name="State">Message counts and sequence range.</param>
public sealed record StreamInfo(StreamConfig Config, DateTimeOffset Created, StreamState State);

/// <summary>Counts and sequence range of a stream.</summary>
/// <param name="Messages">Messages currently stored.</param>
/// <param name="Bytes">Bytes currently stored.</param>
/// <param name="FirstSeq">Sequence of the oldest stored message (0 when empty).</param>
/// <param name="LastSeq">Sequence of the newest message ever stored.</param>
/// <param name="ConsumerCount">Number of consumers.</param>
public sealed record StreamState(ulong Messages, ulong Bytes, ulong FirstSeq, ulong LastSeq, int ConsumerCount);
