using Orders.Actors.Supervision;

namespace Orders.Actors.Tests;

public sealed class SupervisionTests : IAsyncLifetime
{
    private readonly ActorSystem _system = new("test");
    private readonly LifecycleProbe _probe = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _system.ShutdownAsync();

    [Fact]
    public async Task Failure_HandlerThrows_RestartsWithFreshState()
    {
        var actor = ProbedActor(new SupervisionOptions { MinBackoff = TimeSpan.FromMilliseconds(1), RandomFactor = 0 });
        actor.Tell(new Add(5));
        actor.Tell(new Boom());

        var count = await actor.AskAsync<int>(new GetCount()).Within();

        Assert.Equal(0, count);
        Assert.Equal(["start", "restart:Boom:boom", "start"], _probe.Events);
    }

    [Fact]
    public async Task Failure_HandlerThrows_RestartWaitsForBackoff()
    {
        var backoff = TimeSpan.FromMilliseconds(200);
        var actor = ProbedActor(new SupervisionOptions { MinBackoff = backoff, RandomFactor = 0 });
        await actor.AskAsync<int>(new GetCount()).Within();

        var failedAt = DateTimeOffset.UtcNow;
        actor.Tell(new Boom());
        await actor.AskAsync<int>(new GetCount()).Within();

        var restartedAt = _probe.Starts.Last();
        Assert.True(restartedAt - failedAt >= backoff - TimeSpan.FromMilliseconds(15), $"restarted after {restartedAt - failedAt}");
    }

    [Fact]
    public void BackoffFor_RepeatedFailures_DoublesUpToMax()
    {
        var options = new SupervisionOptions { MinBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromMilliseconds(500) };

        var backoffs = Enumerable.Range(1, 5).Select(options.BackoffFor).Select(t => t.TotalMilliseconds);

        Assert.Equal([100d, 200d, 400d, 500d, 500d], backoffs);
    }

    [Fact]
    public async Task Failure_AskedMessageThrows_AskerGetsTheException()
    {
        var actor = ProbedActor(new SupervisionOptions { MinBackoff = TimeSpan.FromMilliseconds(1) });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await actor.AskAsync<int>(new Boom()).Within());

        Assert.Equal("boom", error.Message);
    }

    [Fact]
    public async Task Failure_MaxFailuresWithinWindow_StopsActorAndLaterMessagesAreDeadLetters()
    {
        var actor = ProbedActor(new SupervisionOptions { MaxFailures = 3, MinBackoff = TimeSpan.FromMilliseconds(1), RandomFactor = 0 });
        var deadLetters = new List<DeadLetter>();
        using var subscription = _system.SubscribeDeadLetters(d => { lock (deadLetters) { deadLetters.Add(d); } });

        for (var i = 0; i < 3; i++)
        {
            actor.Tell(new Boom());
        }

        await _system.WhenTerminated(actor).Within();
        actor.Tell(new Add(1));

        Assert.Equal(3, _probe.Count("start"));
        Assert.Equal(1, _probe.Count("stop"));
        lock (deadLetters)
        {
            Assert.Contains(deadLetters, d => d.Message is Add && d.Recipient == actor.Path);
        }
    }

    [Fact]
    public async Task Failure_FailuresOutsideWindow_DoNotStopActor()
    {
        var actor = ProbedActor(new SupervisionOptions { MaxFailures = 2, FailureWindow = TimeSpan.FromMilliseconds(50), MinBackoff = TimeSpan.FromMilliseconds(60), RandomFactor = 0 });

        // Each restart waits 60 ms, so the failures are more than the 50 ms window apart.
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await actor.AskAsync<int>(new Boom()).Within());
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await actor.AskAsync<int>(new Boom()).Within());
        var count = await actor.AskAsync<int>(new GetCount()).Within();

        Assert.Equal(0, count);
        Assert.Equal(3, _probe.Count("start"));
    }

    private IActorRef ProbedActor(SupervisionOptions supervision) =>
        _system.ActorOf("probed", () => new ProbedActor(_probe), supervision);
}
