namespace Orders.Contracts.Messaging;

/// <summary>
/// Every NATS subject of the contract. The last token of an event subject is the event's
/// <c>&lt;type&gt;</c> in its id (<c>orders.created</c> gives <c>created:o-42:1</c>).
/// </summary>
public static class Subjects
{
    /// <summary>Commands, stream COMMANDS; written by drivers and any outside client.</summary>
    public static class Commands
    {
        public const string All = "commands.*";
        public const string SubmitOrder = "commands.submit-order";
        public const string UpdateStatus = "commands.update-status";
    }

    /// <summary>Order events, stream ORDERS; written by order-service.</summary>
    public static class Orders
    {
        public const string All = "orders.*";
        public const string Created = "orders.created";
        public const string Paid = "orders.paid";
        public const string PaymentFailed = "orders.payment-failed";
        public const string Shipped = "orders.shipped";
        public const string Delivered = "orders.delivered";
        public const string Cancelled = "orders.cancelled";
        public const string UpdateRejected = "orders.update-rejected";
    }

    /// <summary>Payment events, stream PAYMENTS; written by payment-service.</summary>
    public static class Payments
    {
        public const string All = "payments.*";
        public const string Captured = "payments.captured";
        public const string Declined = "payments.declined";
        public const string Refunded = "payments.refunded";
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

    /// <summary>The subject an event is published on.</summary>
    /// <exception cref="ArgumentException">The event type is not part of the contract.</exception>
    public static string ForEvent(IEvent evt) => evt switch
    {
        OrderCreated => Orders.Created,
        OrderPaid => Orders.Paid,
        OrderPaymentFailed => Orders.PaymentFailed,
        OrderShipped => Orders.Shipped,
        OrderDelivered => Orders.Delivered,
        OrderCancelled => Orders.Cancelled,
        OrderUpdateRejected => Orders.UpdateRejected,
        PaymentCaptured => Payments.Captured,
        PaymentDeclined => Payments.Declined,
        PaymentRefunded => Payments.Refunded,
        null => throw new ArgumentNullException(nameof(evt)),
        _ => throw new ArgumentException($"{evt.GetType().Name} is not an event of the contract.", nameof(evt)),
    };

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
