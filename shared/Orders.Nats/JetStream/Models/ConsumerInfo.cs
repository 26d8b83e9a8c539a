namespace Orders.Nats.JetStream;

/// <summary>A consumer as the server reports it.</summary>
/// <param name="StreamName">Its stream.</param>
/// <param name="Name">Consumer name (the durable name).</param>
/// <param name="Created">When it was created.</param>
/// <param name="Config">Configuration with the server's defaults filled in.</param>
/// <param name="Delivered">Last delivered sequences.</param>
/// <param name="AckFloor">Sequences up to which everything is acknowledged.</param>
/// <param name="NumAckPending">Delivered, not yet acknowledged.</param>
/// <param name="NumRedelivered">Messages delivered more than once and not yet acknowledged.</param>
/// <param name="NumWaiting">Waiting pull requests.</param>
/// <param name="NumPending">Messages in the stream not yet delivered to this consumer.</param>
/// <param name="PushBound">True when a push consumer's deliver subject currently has a subscriber.</param>
public sealed record ConsumerInfo(
    string StreamName,
    string Name,
    DateTimeOffset Created,
    ConsumerConfig Config,
    SequenceInfo Delivered,
    SequenceInfo AckFloor,
    long NumAckPending,
    long NumRedelivered,
    long NumWaiting,
    ulong NumPending,
    bool PushBound);

/// <summary>A consumer sequence with the matching stream sequence.</summary>
/// <param name="ConsumerSeq">Consumer (delivery) sequence.</param>
/// <param name="StreamSeq">Stream sequence.</param>
public sealed record SequenceInfo(ulong ConsumerSeq, ulong StreamSeq);
