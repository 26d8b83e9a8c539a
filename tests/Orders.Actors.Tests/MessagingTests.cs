using System.Diagnostics;

namespace Orders.Actors.Tests;

public sealed class MessagingTests : IAsyncLifetime
{
    private readonly ActorSystem _system = new("test");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _system.ShutdownAsync();

    [Fact]
    public async Task Tell_ManyConcurrentSenders_EachSendersOrderKeptAndOneMessageAtATime()
    {
        var actor = _system.ActorOf<SequenceCheckingActor>("sequence");
        const int senders = 8, perSender = 5_000;

        await Task.WhenAll(Enumerable.Range(0, senders).Select(sender => Task.Run(() =>
        {
            for (var i = 0; i < perSender; i++)
            {
                actor.Tell(new Ordered(sender, i));
            }
        })));
        var (received, violations) = await actor.AskAsync<(int, int)>(new GetViolations()).Within();

        Assert.Equal(senders * perSender, received);
        Assert.Equal(0, violations);
    }

    [Fact]
    public async Task Tell_TwoActors_HandleMessagesAtTheSameTime()
    {
        var aStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var a = _system.ActorOf("a", () => new RendezvousActor(aStarted, bStarted.Task));
        var b = _system.ActorOf("b", () => new RendezvousActor(bStarted, aStarted.Task));

        // Each handler waits inside its handler for the other's: only possible if both run at once.
        var replies = await Task.WhenAll(a.AskAsync<bool>("go").AsTask(), b.AskAsync<bool>("go").AsTask()).Within();

        Assert.All(replies, Assert.True);
    }

    [Fact]
    public async Task AskAsync_NoReply_ThrowsAskTimeoutNoEarlierThanTimeout()
    {
        var silent = _system.ActorOf("silent", () => new SilentActor());
        var timeout = TimeSpan.FromMilliseconds(150);
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<AskTimeoutException>(async () => await silent.AskAsync<int>("hello", timeout).Within());

        Assert.True(clock.Elapsed >= timeout - TimeSpan.FromMilliseconds(15), $"timed out after {clock.Elapsed}");
    }

    [Fact]
    public async Task AskAsync_Cancelled_ThrowsOperationCanceled()
    {
        var silent = _system.ActorOf("silent", () => new SilentActor());
        using var cancellation = new CancellationTokenSource();

        var ask = silent.AskAsync<int>("hello", Timeout.InfiniteTimeSpan, cancellation.Token).AsTask();
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask.Within());
    }

    [Fact]
    public async Task AskAsync_HandlerReplies_ReturnsReply()
    {
        var counter = _system.ActorOf<CounterActor>("counter");
        counter.Tell(new Add(2));
        counter.Tell(new Add(3));

        var count = await counter.AskAsync<int>(new GetCount()).Within();

        Assert.Equal(5, count);
    }

    [Fact]
    public async Task AskAsync_ReplyOfWrongType_ThrowsInvalidCast()
    {
        var counter = _system.ActorOf<CounterActor>("counter");

        await Assert.ThrowsAsync<InvalidCastException>(async () => await counter.AskAsync<string>(new GetCount()).Within());
    }

    [Fact]
    public void Constructor_CalledDirectly_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new CounterActor());
    }

    private sealed class SilentActor : Actor
    {
        protected override ValueTask ReceiveAsync(object message) => ValueTask.CompletedTask;
    }

    private sealed class RendezvousActor(TaskCompletionSource started, Task other) : Actor
    {
        protected override async ValueTask ReceiveAsync(object message)
        {
            started.TrySetResult();
            await other.WaitAsync(TimeSpan.FromSeconds(10));
            Reply(true);
        }
    }
}
