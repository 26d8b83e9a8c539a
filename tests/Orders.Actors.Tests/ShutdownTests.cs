using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orders.Actors.Entities;

namespace Orders.Actors.Tests;

public sealed class ShutdownTests
{
    [Fact]
    public async Task ShutdownAsync_QueuedMessages_AreHandledBeforeActorsStop()
    {
        var system = new ActorSystem("test");
        var handled = 0;
        var stoppedAfter = -1;
        var actor = system.ActorOf("slow", () => new SlowActor(() => handled++, () => stoppedAfter = handled));
        for (var i = 0; i < 500; i++)
        {
            actor.Tell(i);
        }

        await system.ShutdownAsync().Within();

        Assert.Equal(500, handled);
        Assert.Equal(500, stoppedAfter);
    }

    [Fact]
    public async Task ShutdownAsync_DrainTimeoutExceeded_StopsAnywayAndReportsQueuedAsDeadLetters()
    {
        var logs = new CapturingLoggerProvider();
        await using var services = new ServiceCollection().AddLogging(b => b.AddProvider(logs)).BuildServiceProvider();
        var system = new ActorSystem("test", new ActorSystemOptions { ShutdownDrainTimeout = TimeSpan.FromMilliseconds(100) }, services);
        var deadLetters = new ConcurrentQueue<object>();
        system.SubscribeDeadLetters(d => deadLetters.Enqueue(d.Message));
        var release = new TaskCompletionSource();
        var handled = new ConcurrentQueue<object>();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = system.ActorOf("stuck", () => new SlowActor(() => { }, () => { }, release.Task, handled, entered));
        actor.Tell(1); // holds the actor until released
        actor.Tell(2);
        actor.Tell(3);
        await entered.Task.Within();

        var shutdown = system.ShutdownAsync();
        await logs.Logged(DrainIncompleteEventId).Within();
        release.SetResult();
        await shutdown.Within();

        Assert.Equal([1], handled);
        Assert.Equal([2, 3], deadLetters);
    }

    [Fact]
    public async Task ShutdownAsync_RegionMessageAfterShutdownBegan_IsDeadLetterAndAskFails()
    {
        var system = new ActorSystem("test");
        var region = system.CreateEntityRegion<EchoEntity>("echo");
        await system.ShutdownAsync().Within();

        await Assert.ThrowsAsync<UndeliveredMessageException>(async () => await region.AskAsync<string>("e-1", "hi").Within());
        Assert.Equal(0, region.LiveEntities);
    }

    private const int DrainIncompleteEventId = 8;

    private sealed class SlowActor(Action onMessage, Action onStop, Task? gate = null, ConcurrentQueue<object>? handled = null, TaskCompletionSource? entered = null) : Actor
    {
        protected override async ValueTask ReceiveAsync(object message)
        {
            entered?.TrySetResult();
            await (gate ?? Task.CompletedTask);
            await Task.Yield();
            handled?.Enqueue(message);
            onMessage();
        }

        protected override ValueTask PostStopAsync()
        {
            onStop();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class EchoEntity : EntityActor
    {
        protected override ValueTask ReceiveAsync(object message)
        {
            Reply(message);
            return ValueTask.CompletedTask;
        }
    }
}
