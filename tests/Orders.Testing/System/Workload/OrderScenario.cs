using Orders.Contracts;

namespace Orders.Testing.SystemUnderTest.Workload;

/// <summary>What the workload does with one order after submitting it, and so where it must end.</summary>
public enum OrderScenario
{
    /// <summary>Total within the limit; nothing after the capture. Ends Paid.</summary>
    Paid,

    /// <summary>Shipped when seen Paid, delivered when seen Shipped (each with the current expectedVersion). Ends Delivered.</summary>
    Delivered,

    /// <summary>Shipped when seen Paid. Ends Shipped.</summary>
    Shipped,

    /// <summary>Total above the decline limit. Ends PaymentFailed.</summary>
    Declined,

    /// <summary>Cancelled as soon as it is seen Created, racing payment-service's capture. Ends Cancelled, charged nothing net.</summary>
    CancelledRacingPayment,

    /// <summary>Cancelled when seen Paid: refunded. Ends Cancelled.</summary>
    CancelledAfterPaid,

    /// <summary>When seen Paid, a ship with a stale expectedVersion (rejected, version-conflict) and one with the current version. Ends Shipped.</summary>
    StaleVersionThenShipped,
}

/// <summary>The final status each scenario must lead to.</summary>
public static class OrderScenarioExtensions
{
    /// <summary>Where an order of <paramref name="scenario"/> ends.</summary>
    public static OrderStatus FinalStatus(this OrderScenario scenario) => scenario switch
    {
        OrderScenario.Paid => OrderStatus.Paid,
        OrderScenario.Delivered => OrderStatus.Delivered,
        OrderScenario.Shipped or OrderScenario.StaleVersionThenShipped => OrderStatus.Shipped,
        OrderScenario.Declined => OrderStatus.PaymentFailed,
        OrderScenario.CancelledRacingPayment or OrderScenario.CancelledAfterPaid => OrderStatus.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null),
    };
}
