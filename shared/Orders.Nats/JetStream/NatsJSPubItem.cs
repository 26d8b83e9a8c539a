namespace Orders.Nats.JetStream;

/// <summary>One message for <see cref="NatsJSContext.PublishBatchAsync"/>.</summary>
/// <param name="Subject">Subject (must belong to a stream).</param>
/// <param name="Data">Payload.</param>
/// <param name="Opts">JetStream expectations such as <c>Nats-Msg-Id</c>.</param>
/// <param name="Headers">Application headers.</param>
public sealed record NatsJSPubItem(string Subject, ReadOnlyMemory<byte> Data, NatsJSPubOpts? Opts = null, NatsHeaders? Headers = null);
