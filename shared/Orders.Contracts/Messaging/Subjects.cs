namespace Orders.Contracts.Messaging;

/// <summary>
/// Every NATS subject of the contract. The last token of an event subject is the event's
/// <c>&lt;type&gt;</c> in its id (<c>orders.created</c> gives <c>created:o-42:1</c>). The subject of
/// each command and event is declared in ContractRegistry.cs, next to its row of
/// <see cref="ContractRegistry"/>; this part holds the stream filters and the dead-letter subjects.
/// </summary>
public static partial class Subjects
{
    /// <summary>Commands, stream COMMANDS; written by drivers and any outside client.</summary>
    public static partial class Commands
    {
        public const string All = "commands.*";
    }

    /// <summary>Order events, stream ORDERS; written by order-service.</summary>
    public static partial class Orders
    {
        public const string All = "orders.*";
    }

    /// <summary>Payment events, stream PAYMENTS; written by payment-service.</summary>
    public static partial class Payments
    {
        public const string All = "payments.*";
    }

    /// <summary>Dead letters, stream DEADLETTER: <c>deadletter.&lt;service-name&gt;</c>.</summary>
    public static class DeadLetter
    {
        public const string All = "deadletter.*";

        /// <summary>The dead-letter subject of a service, e.g. <c>deadletter.order-service</c>.</summary>
        /// <exception cref="ArgumentException">The name is not a single subject token.</exception>
        public static string For(string serviceName)
        {
            if (!IsSingleToken(serviceName))
            {
                throw new ArgumentException(
                    $"A service name must be one subject token without '.', '*', '>' or whitespace (was \"{serviceName}\").",
                    nameof(serviceName));
            }

            return "deadletter." + serviceName;
        }
    }

    /// <summary>The subject an event is published on (its row of <see cref="ContractRegistry"/>).</summary>
    /// <exception cref="ArgumentException">The event type is not part of the contract.</exception>
    public static string ForEvent(IEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        return ContractRegistry.TryFind(evt.GetType(), out var message) && message.IsEvent
            ? message.Subject
            : throw new ArgumentException($"{evt.GetType().Name} is not an event of the contract.", nameof(evt));
    }

    /// <summary>The last token of a subject: <c>orders.payment-failed</c> gives <c>payment-failed</c>.</summary>
    public static string LastToken(string subject)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        return subject[(subject.LastIndexOf('.') + 1)..];
    }

    private static bool IsSingleToken(string? token) =>
        !string.IsNullOrEmpty(token)
        && token.AsSpan().IndexOfAny(". *>\t\r\n") < 0;
}
