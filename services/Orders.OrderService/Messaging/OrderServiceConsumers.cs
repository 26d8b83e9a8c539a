using Orders.Contracts.Messaging;
using Orders.Messaging.Pipeline;

namespace Orders.OrderService.Messaging;

/// <summary>
/// The two durable consumers of order-service (docs/architecture.md, "Consumers"): durable name and
/// deliver group are the service's name, so every instance shares the work of each.
/// </summary>
internal static class OrderServiceConsumers
{
    public const string ServiceName = "order-service";

    /// <summary><c>commands.submit-order</c> and <c>commands.update-status</c>.</summary>
    public static readonly ConsumerDefinition Commands = ConsumerDefinition.For(Streams.Commands, ServiceName);

    /// <summary><c>payments.captured</c>, <c>payments.declined</c>, <c>payments.refunded</c>.</summary>
    public static readonly ConsumerDefinition Payments = ConsumerDefinition.For(Streams.Payments, ServiceName);
}
