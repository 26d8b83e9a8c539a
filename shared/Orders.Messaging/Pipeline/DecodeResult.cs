namespace Orders.Messaging.Pipeline;

/// <summary>What <see cref="ContractMessageDecoder"/> made of a delivered message.</summary>
public abstract record DecodeResult
{
    private DecodeResult()
    {
    }

    /// <summary>The message is valid: route it to the actor of <see cref="EntityKey"/>.</summary>
    /// <param name="Message">The contract record.</param>
    /// <param name="EntityKey">The order id: which actor handles it.</param>
    /// <param name="MessageId">The inbox key (see <see cref="Incoming{TMessage}.MessageId"/>).</param>
    public sealed record Ok(object Message, string EntityKey, string MessageId) : DecodeResult
    {
        internal Func<Ok, string, DeliveryInfo, object> IncomingFactory { get; init; } = null!;

        /// <summary>The <see cref="Incoming{TMessage}"/> with the message's own type, as the actor receives it.</summary>
        public object ToIncoming(string subject, DeliveryInfo delivery) => IncomingFactory(this, subject, delivery);
    }

    /// <summary>The message can never be handled: dead-letter it with <see cref="Reason"/> (one line, plain words).</summary>
    public sealed record Invalid(string Reason) : DecodeResult;

    /// <summary>A valid subject this consumer does not act on: ack it and move on.</summary>
    public sealed record Ignore : DecodeResult
    {
        /// <summary>The one instance.</summary>
        public static Ignore Instance { get; } = new();
    }
}
