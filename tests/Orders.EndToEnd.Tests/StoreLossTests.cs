using Orders.Contracts.Messaging;
using Orders.Testing;
using Orders.Testing.SystemUnderTest;
using Orders.Testing.SystemUnderTest.Workload;
using Xunit.Abstractions;

namespace Orders.EndToEnd.Tests;

/// <summary>
/// The broker loses its store while orders flow (a NATS node replaced with an empty disk): every
/// stream, consumer and stored event is gone. What can still be promised: the services re-create
/// the streams and their durables within seconds and carry on, unsent outbox rows go out, every
/// order submitted afterwards completes with every guarantee, and what the databases hold stays
/// consistent (the read model never ahead of order-service, never two charges for one payment).
/// Orders caught mid-saga may stay where they were: the events that would move them were in the
/// lost store (docs/architecture.md, "Losing the broker's store").
/// </summary>
public sealed class StoreLossTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FaultStepTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan WorkloadTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan QuietTimeout = TimeSpan.FromSeconds(90);

    [RequiresLocalNatsServerFact]
    public async Task Workload_NatsStoreWipedMidRun_StreamsComeBackAndLaterOrdersKeepEveryGuarantee()
    {
        await using var system = await OrdersSystem.StartAsync(new OrdersSystemOptions { Output = output.WriteLine });
        var lost = OrderWorkload.Generate(new WorkloadOptions { Seed = 3113, Orders = 120, BadMessages = 0, SubmitsPerSecond = 40 });
        await using (var runner = await WorkloadRunner.StartAsync(system, lost, output.WriteLine))
        {
            await runner.WhenCreatedAsync(40).WaitAsync(FaultStepTimeout);
            output.WriteLine($"wiping the nats-server store at {runner.Created} orders created");
            await system.Nats.WipeStoreAsync();
        }

        var recovery = await system.WaitForStreamsRecreatedAsync(RecoveryTimeout);
        output.WriteLine($"streams and durables re-created {recovery.TotalSeconds:0.0}s after the empty server answered");
        await system.WaitForQuietAsync(QuietTimeout); // outbox rows written while the streams were missing go out

        var later = OrderWorkload.Generate(new WorkloadOptions { Seed = 3114, Orders = 100, BadMessages = 5 });
        WorkloadResult result;
        await using (var runner = await WorkloadRunner.StartAsync(system, later, output.WriteLine))
        {
            result = await runner.CompleteAsync(WorkloadTimeout);
        }

        await system.WaitForQuietAsync(QuietTimeout);
        var snapshot = await SystemSnapshot.CaptureAsync(system);
        var afterRecovery = OnlyOrders(snapshot, later.Orders.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal));
        var report = new InvariantReport(
        [
            SystemInvariants.FinalStates(afterRecovery, result.Expectations),
            SystemInvariants.VersionsAreContiguous(afterRecovery),
            SystemInvariants.OneCapturePerOrder(afterRecovery),
            SystemInvariants.CancelledOrdersNetZero(afterRecovery),
            SystemInvariants.ReadModelMatches(afterRecovery),
            SystemInvariants.BadMessagesDeadLettered(snapshot, result.Expectations),
            SystemInvariants.OutboxesEmpty(snapshot),
            ReadModelNeverAhead(snapshot),
            AtMostOneChargePerPayment(snapshot),
        ]);
        output.WriteLine(report.ToString());

        Assert.True(report.AllPassed, "Invariants violated after the store loss:" + Environment.NewLine + report);
        system.MarkPassed();
    }

    /// <summary>The snapshot narrowed to <paramref name="orderIds"/>: their rows, events and charges.</summary>
    private static SystemSnapshot OnlyOrders(SystemSnapshot snapshot, HashSet<string> orderIds)
    {
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
    private static InvariantResult ReadModelNeverAhead(SystemSnapshot snapshot)
    {
        var orders = snapshot.Orders.ToDictionary(o => o.OrderId, StringComparer.Ordinal);
        var violations = snapshot.OrderViews
            .Where(v => !orders.TryGetValue(v.OrderId, out var order) || order.Version < v.Version)
            .Select(v => $"{v.OrderId}: read model v{v.Version}, order-service {(orders.TryGetValue(v.OrderId, out var o) ? $"v{o.Version}" : "none")}")
            .ToList();
        return new InvariantResult("read model never ahead of order-service (all orders)", snapshot.OrderViews.Count, violations.Count, violations.Take(SystemInvariants.ExamplesPerInvariant).ToList());
    }

    /// <summary>Over every order, lost ones included: the payment database never holds two charges for one payment.</summary>
    private static InvariantResult AtMostOneChargePerPayment(SystemSnapshot snapshot)
    {
        var violations = snapshot.GatewayCharges
            .GroupBy(c => c.PaymentId, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {g.Count()} gateway charges")
            .ToList();
        return new InvariantResult("at most one charge per payment (all orders)", snapshot.GatewayCharges.Count, violations.Count, violations.Take(SystemInvariants.ExamplesPerInvariant).ToList());
    }
}
