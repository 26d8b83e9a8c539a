namespace Orders.Testing.SystemUnderTest;

/// <summary>
/// One of the three services as the harness starts it: its name (NATS user,
/// dead-letter subject), the project whose build output is run, its database and the consumers it
/// owns (docs/architecture.md, "Consumers").
/// </summary>
/// <param name="Name">Service name, e.g. <c>order-service</c>.</param>
/// <param name="Project">Project folder and assembly name under <c>services/</c>, e.g. <c>Orders.OrderService</c>.</param>
/// <param name="Database">Stem of its database and owner role, e.g. <c>orders</c>.</param>
/// <param name="ConsumedStreams">Streams it reads, each through one durable consumer shared by its instances.</param>
public sealed record OrdersServiceType(string Name, string Project, string Database, IReadOnlyList<string> ConsumedStreams)
{
    /// <summary>order-service: COMMANDS and PAYMENTS in, ORDERS out.</summary>
    public static OrdersServiceType Order { get; } = new("order-service", "Orders.OrderService", "orders", ["COMMANDS", "PAYMENTS"]);

    /// <summary>payment-service: ORDERS in, PAYMENTS out.</summary>
    public static OrdersServiceType Payment { get; } = new("payment-service", "Orders.PaymentService", "payments", ["ORDERS"]);

    /// <summary>status-service: ORDERS in, the read model and the query API out.</summary>
    public static OrdersServiceType Status { get; } = new("status-service", "Orders.StatusService", "status", ["ORDERS"]);

    /// <summary>All three, in start order (any order works; this one makes logs easiest to read).</summary>
    public static IReadOnlyList<OrdersServiceType> All { get; } = [Order, Payment, Status];

    /// <summary>The role that owns the service's database (a PostgreSQL identifier stem).</summary>
    public string Role => Name.Replace('-', '_');

    /// <inheritdoc />
    public override string ToString() => Name;
}
