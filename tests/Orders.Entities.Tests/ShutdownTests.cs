using Akka.Actor;
using Orders.Entities.Tests.Support;
using Orders.Messaging.Entities;
using Orders.Messaging.Pipeline;

namespace Orders.Entities.Tests;

/// <summary>CoordinatedShutdown lets entities finish what they hold before the system terminates.</summary>
public sealed class ShutdownTests : EntityTestKit<TestEntity>
{
    protected override EntityRegionOptions Configure(EntityRegionOptions options) =>
        options with { StopTimeout = TimeSpan.FromSeconds(20) };

    [Fact]
    public async Task CoordinatedShutdown_MessageInFlight_IsAnsweredBeforeTheEntityStops()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = AskAsync("busy", new Hold(gate.Task, 1));
        var queued = AskAsync("busy", new Note(2));
        await Journal.Holding("busy").WaitAsync(AskTimeout, Ct);

        var shutdown = CoordinatedShutdown.Get(Sys).Run(CoordinatedShutdown.ClrExitReason.Instance);
        Assert.False(held.IsCompleted);
        Assert.Equal(0, Journal.Stopped("busy"));
        gate.SetResult();

        Assert.Equal(MessageOutcome.Ack, await held);
        Assert.Equal(MessageOutcome.Ack, await queued);
        await shutdown.WaitAsync(AskTimeout, Ct);
        Assert.Equal([1, 2], Journal.Handled("busy"));
        Assert.Equal(1, Journal.Stopped("busy"));
    }

    [Fact]
    public async Task CoordinatedShutdown_MessageForNewEntityWhileStopping_IsRefused()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = AskAsync("busy", new Hold(gate.Task, 1));
        await Journal.Holding("busy").WaitAsync(AskTimeout, Ct);

        var shutdown = CoordinatedShutdown.Get(Sys).Run(CoordinatedShutdown.ClrExitReason.Instance);

        // Until the parent has taken the stop request a new entity is still created and answers.
        await AwaitAssertAsync(
            async () => await Assert.ThrowsAsync<EntityUnavailableException>(() => AskAsync($"late-{Guid.NewGuid():N}", new Note(1))),
            TimeSpan.FromSeconds(10), cancellationToken: Ct);
        gate.SetResult();
        Assert.Equal(MessageOutcome.Ack, await held);
        await shutdown.WaitAsync(AskTimeout, Ct);
    }
}
