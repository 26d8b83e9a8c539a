using Orders.Contracts.Messaging;
using Orders.Testing.SystemUnderTest.Workload;

namespace Orders.Testing.SystemUnderTest;

/// <summary>What <see cref="StoreLoss.RunAsync"/> does; change with <c>with</c>.</summary>
public sealed record StoreLossOptions
{
    /// <summary>Seed of the two workloads (the second uses the next one).</summary>
    public int Seed { get; init; } = 3113;

    /// <summary>Orders of the workload running when the store goes.</summary>
    public int OrdersInFlight { get; init; } = 120;

    /// <summary>The store goes once this many of those orders were seen Created.</summary>
    public int WipeAfterCreated { get; init; } = 40;

    /// <summary>Orders submitted after the recovery, every one of which must complete.</summary>
    public int OrdersAfterRecovery { get; init; } = 100;

    /// <summary>How long the services may take to re-create the streams and their durables.</summary>
    public TimeSpan RecoveryTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan WorkloadTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long the system may take to settle. An event whose predecessor was in the lost store is a
    /// version gap that never closes: status-service naks it for the consumer's whole gap wait
    /// (<see cref="Orders.Messaging.Pipeline.ConsumerDefinition.TotalGapWait"/>, about 83 s) before it
    /// dead-letters it, so this must be well above that.
    /// </summary>
    public TimeSpan QuietTimeout { get; init; } = TimeSpan.FromMinutes(3);
}

/// <summary>How a store loss went: when it happened, how long recovery took, and the invariants that still hold.</summary>
public sealed record StoreLossOutcome(int WipedAtCreated, TimeSpan Recovery, WorkloadResult AfterRecovery, InvariantReport Invariants);

/// <summary>
/// The broker loses its store while orders flow (a NATS node replaced with an empty disk): every
/// stream, consumer and stored event is gone. What can still be promised, and is checked here:
/// the services re-create the streams and their durables within seconds, unsent outbox rows go
/// out, every order submitted afterwards completes with every guarantee, and what the databases
/// hold stays consistent for every order (the read model never ahead of order-service, never two
/// charges for one payment). Orders caught mid-saga may stay where they were: the events that
/// would move them were in the lost store.
/// </summary>
public static class StoreLoss
{
    /// <summary>Wipes the store of <paramref name="system"/>'s nats-server mid-run, then runs a second workload and checks.</summary>
    public static async Task<StoreLossOutcome> RunAsync(OrdersSystem system, StoreLossOptions options, Action<string> log, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);

        var lost = OrderWorkload.Generate(new WorkloadOptions { Seed = options.Seed, Orders = options.OrdersInFlight, BadMessages = 0, SubmitsPerSecond = 40 });
        int wipedAt;
        await using (var runner = await WorkloadRunner.StartAsync(system, lost, log, ct).ConfigureAwait(false))
        {
            await runner.WhenCreatedAsync(options.WipeAfterCreated).WaitAsync(options.StepTimeout, ct).ConfigureAwait(false);
            wipedAt = runner.Created;
            log($"store loss: wiping the nats-server store at {wipedAt} orders created");
            await system.Nats.WipeStoreAsync(ct).ConfigureAwait(false);
        }

        var recovery = await system.WaitForStreamsRecreatedAsync(options.RecoveryTimeout, ct).ConfigureAwait(false);
        log($"store loss: streams and durables re-created {recovery.TotalSeconds:0.0}s after the empty server answered");
        await system.WaitForQuietAsync(options.QuietTimeout, ct).ConfigureAwait(false); // outbox rows written meanwhile go out

        var later = OrderWorkload.Generate(new WorkloadOptions { Seed = options.Seed + 1, Orders = options.OrdersAfterRecovery, BadMessages = 5 });
        WorkloadResult result;
        await using (var runner = await WorkloadRunner.StartAsync(system, later, log, ct).ConfigureAwait(false))
        {
            result = await runner.CompleteAsync(options.WorkloadTimeout, ct).ConfigureAwait(false);
        }

        await system.WaitForQuietAsync(options.QuietTimeout, ct).ConfigureAwait(false);
        var snapshot = await SystemSnapshot.CaptureAsync(system, ct).ConfigureAwait(false);
        var report = Check(snapshot, result.Expectations, later.Orders.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal));
        return new StoreLossOutcome(wipedAt, recovery, result, report);
    }

    /// <summary>
    /// Every invariant for the orders submitted after the recovery; the database-side ones for every
    /// order. Dead letters and outboxes are checked whole: both only hold what came after the loss.
    /// </summary>
    public static InvariantReport Check(SystemSnapshot snapshot, SystemExpectations afterRecovery, IReadOnlySet<string> ordersAfterRecovery)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var later = OnlyOrders(snapshot, ordersAfterRecovery);
        return new InvariantReport(
        [
            SystemInvariants.FinalStates(later, afterRecovery),
            SystemInvariants.VersionsAreContiguous(later),
            SystemInvariants.OneCapturePerOrder(later),
            SystemInvariants.CancelledOrdersNetZero(later),
            SystemInvariants.ReadModelMatches(later),
            SystemInvariants.BadMessagesDeadLettered(snapshot, afterRecovery),
            SystemInvariants.OutboxesEmpty(snapshot),
            ReadModelNeverAhead(snapshot),
            AtMostOneChargePerPayment(snapshot),
        ]);
    }

    /// <summary>The snapshot narrowed to <paramref name="orderIds"/>: their rows, events and charges.</summary>
    public static SystemSnapshot OnlyOrders(SystemSnapshot snapshot, IReadOnlySet<string> orderIds)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(orderIds);
        var paymentIds = orderIds.Select(PaymentIds.For).ToHashSet(StringComparer.Ordinal);
        return snapshot with
        {
            Orders = snapshot.Orders.Where(o => orderIds.Contains(o.OrderId)).ToList(),
            OrderViews = snapshot.OrderViews.Where(v => orderIds.Contains(v.OrderId)).ToList(),
            OrderEvents = snapshot.OrderEvents.Where(e => e.OrderId is not null && orderIds.Contains(e.OrderId)).ToList(),
            PaymentEvents = snapshot.PaymentEvents.Where(e => e.OrderId is not null && orderIds.Contains(e.OrderId)).ToList(),
            GatewayCharges = snapshot.GatewayCharges.Where(c => paymentIds.Contains(c.PaymentId)).ToList(),
        };
    }

    /// <summary>Over every order, lost ones included: the read model only ever follows order-service.</summary>
    public static InvariantResult ReadModelNeverAhead(SystemSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var orders = snapshot.Orders.ToDictionary(o => o.OrderId, StringComparer.Ordinal);
        var violations = snapshot.OrderViews
            .Where(v => !orders.TryGetValue(v.OrderId, out var order) || order.Version < v.Version)
            .Select(v => $"{v.OrderId}: read model v{v.Version}, order-service {(orders.TryGetValue(v.OrderId, out var o) ? $"v{o.Version}" : "none")}")
            .ToList();
        return new InvariantResult("read model never ahead of order-service (all orders)", snapshot.OrderViews.Count, violations.Count, violations.Take(SystemInvariants.ExamplesPerInvariant).ToList());
    }

    /// <summary>Over every order, lost ones included: the payment database never holds two charges for one payment.</summary>
    public static InvariantResult AtMostOneChargePerPayment(SystemSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var violations = snapshot.GatewayCharges
            .GroupBy(c => c.PaymentId, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {g.Count()} gateway charges")
            .ToList();
        return new InvariantResult("at most one charge per payment (all orders)", snapshot.GatewayCharges.Count, violations.Count, violations.Take(SystemInvariants.ExamplesPerInvariant).ToList());
    }
}
