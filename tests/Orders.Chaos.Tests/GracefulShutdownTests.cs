using System.Diagnostics;
using Orders.Testing;
using Orders.Testing.SystemUnderTest;
using Orders.Testing.SystemUnderTest.Workload;
using Xunit.Abstractions;

namespace Orders.Chaos.Tests;

/// <summary>
/// "SIGTERM under load: in-flight messages finish, the outbox is flushed, no message is
/// redelivered because of the shutdown, and restart picks up where it left off." One
/// order-service instance is stopped gracefully while the workload runs, then started again.
/// </summary>
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    // What Orders.Messaging logs when it stops (ConsumerPipeline and OutboxRelay).
    private const string ConsumerDrained = "in-flight messages were settled";
    private const string ConsumerNotDrained = "they are redelivered";
    private const string OutboxFlushed = "Outbox relay published";
    private const string OutboxNotFlushed = "could not flush while stopping";

    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(90);

    [RequiresLocalNatsServerFact]
    public async Task Stop_OrderServiceInstanceUnderLoad_DrainsWithoutRedeliveries()
    {
        await using var system = await OrdersSystem.StartAsync(new OrdersSystemOptions { Output = output.WriteLine });
        var workload = OrderWorkload.Generate(new WorkloadOptions { Orders = 400, Seed = 3113, SubmitsPerSecond = 25 });
        var victim = system.InstancesOf(OrdersServiceType.Order)[0];
        WorkloadResult result;
        TimeSpan stopTook;
        await using (var runner = await WorkloadRunner.StartAsync(system, workload, output.WriteLine))
        {
            await runner.WhenCreatedAsync(workload.Orders.Count / 3).WaitAsync(StepTimeout);

            var clock = Stopwatch.StartNew();
            await victim.StopAsync();
            stopTook = clock.Elapsed;
            output.WriteLine($"SIGTERM {victim.Name} at {runner.Created} orders created: stopped in {stopTook.TotalSeconds:0.0}s");
            AssertDrainedLog(victim, stopTook, system.Options.StopTimeout);

            await victim.StartAsync();
            result = await runner.CompleteAsync(StepTimeout);
        }

        await system.WaitForQuietAsync(StepTimeout);
        var report = await system.CheckInvariantsAsync(result.Expectations);
        output.WriteLine(report.ToString());
        Assert.True(report.AllPassed, "Invariants violated after the restart:" + Environment.NewLine + report);

        // Every redelivery order-service saw must be explained by a nak (a gap or a transient
        // failure asks for one); a message the stopped instance left unsettled would come back
        // after the ack wait without any.
        var figures = (await system.CollectFiguresAsync()).PerService[OrdersServiceType.Order.Name];
        var naked = figures.Total.GapsNaked + figures.Total.RetriesNaked;
        output.WriteLine($"order-service: {figures.Total.Redeliveries} redeliveries, {naked} naks ({figures.Total.GapsNaked} gaps, {figures.Total.RetriesNaked} retries)");
        foreach (var (consumer, f) in figures.Consumers)
        {
            output.WriteLine($"  {consumer}: received {f.Received}, redeliveries {f.Redeliveries}, gaps nak'ed {f.GapsNaked}, retries nak'ed {f.RetriesNaked}");
        }

        Assert.True(
            figures.Total.Redeliveries <= naked,
            $"{figures.Total.Redeliveries - naked} of order-service's {figures.Total.Redeliveries} redeliveries were not caused by a nak: " +
            $"messages the stopped instance received but did not settle came back after the ack wait.");
        system.MarkPassed();
    }

    private static void AssertDrainedLog(ServiceInstance victim, TimeSpan stopTook, TimeSpan stopTimeout)
    {
        var log = $"{victim.Name} log {victim.LogPath}, last lines:{Environment.NewLine}{victim.ReadLogTail()}";
        Assert.True(stopTook < stopTimeout, $"{victim.Name} took {stopTook.TotalSeconds:0.0}s to stop (timeout {stopTimeout.TotalSeconds:0}s). {log}");
        Assert.True(victim.CountLogLines($"harness: {victim.Name} stopped (exit code 0)") == 1, $"{victim.Name} did not exit with code 0. {log}");

        // One line per consumer (COMMANDS and PAYMENTS), none saying it gave up.
        Assert.True(victim.CountLogLines(ConsumerDrained) >= OrdersServiceType.Order.ConsumedStreams.Count, $"Not every consumer logged that it drained. {log}");
        Assert.True(victim.CountLogLines(ConsumerNotDrained) == 0, $"A consumer stopped before settling its in-flight messages. {log}");
        Assert.True(victim.CountLogLines(OutboxFlushed) == 1, $"The outbox relay did not log its flush. {log}");
        Assert.True(victim.CountLogLines(OutboxNotFlushed) == 0, $"The outbox relay could not flush. {log}");
    }
}
