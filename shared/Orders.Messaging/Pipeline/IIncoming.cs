namespace Orders.Messaging.Pipeline;

/// <summary>
/// Any <see cref="Incoming{TMessage}"/>, whatever its message type: for code that treats all
/// messages alike (logging scopes, the inbox key, diagnostics).
/// </summary>
public interface IIncoming
{
    /// <summary>The decoded contract record.</summary>
    object Message { get; }

    /// <summary>The inbox key.</summary>
    string MessageId { get; }

    /// <summary>The subject it was published on.</summary>
    string Subject { get; }

    /// <summary>Its stream position and delivery count.</summary>
    DeliveryInfo Delivery { get; }
}
