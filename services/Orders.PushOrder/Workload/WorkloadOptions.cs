namespace Orders.PushOrder.Workload;

/// <summary>What <see cref="OrderGenerator"/> produces. Change with <c>with</c>.</summary>
internal sealed record WorkloadOptions
{
    /// <summary>payment-service declines orders whose total is above this (its default <c>Payments:DeclineAbove</c>).</summary>
    public const decimal DeclineLimit = 1000.00m;

    /// <summary>Largest total of an order meant to be declined.</summary>
    public const decimal MaxDeclinedTotal = 3000.00m;

    /// <summary>Order ids are <c>&lt;prefix&gt;-&lt;n&gt;</c>.</summary>
    public string Prefix { get; init; } = "o";

    /// <summary>Same seed, same prefix: byte-identical commands.</summary>
    public int Seed { get; init; }

    /// <summary>One customer for every order; null picks one of <c>c-1</c>..<c>c-50</c> per order.</summary>
    public string? Customer { get; init; }

    /// <summary>Item lines per order (1 to 100).</summary>
    public int ItemsPerOrder { get; init; } = 2;

    /// <summary>Totals of orders that should be paid (at most <see cref="DeclineLimit"/>).</summary>
    public AmountRange Amounts { get; init; } = new(10m, 500m);

    /// <summary>Share (0..1) of orders with a total above <see cref="DeclineLimit"/>.</summary>
    public double DeclineShare { get; init; }

    /// <summary>Share (0..1) of orders sent a second time under another <c>Nats-Msg-Id</c>.</summary>
    public double DuplicateShare { get; init; }

    public string Currency { get; init; } = "USD";
}
