using System.Diagnostics;

namespace Orders.Actors.Tests;

public sealed class LifecycleTests : IAsyncLifetime
{
    private readonly ActorSystem _system = new("test");
    private readonly LifecycleProbe _probe = new();
    private readonly List<DeadLetter> _deadLetters = [];

    public Task InitializeAsync()
    {
        _system.SubscribeDeadLetters(d => { lock (_deadLetters) { _deadLetters.Add(d); } });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _system.ShutdownAsync();

    [Fact]
    public async Task StopActorAsync_Stopped_RunsPostStopAndLaterTellIsDeadLetter()
    {
        var actor = _system.ActorOf("probed", () => new ProbedActor(_probe));

        await _system.StopActorAsync(actor).Within();
        actor.Tell(new Add(1));

        Assert.Equal(["start", "stop"], _probe.Events);
        Assert.Single(DeadLettersOf<Add>());
    }

    [Fact]
    public async Task AskAsync_ActorStopped_FailsImmediatelyAsUndelivered()
    {
        var actor = _system.ActorOf("probed", () => new ProbedActor(_probe));
        await _system.StopActorAsync(actor).Within();

        var error = await Assert.ThrowsAsync<UndeliveredMessageException>(async () => await actor.AskAsync<int>(new GetCount()).Within());

        Assert.Equal(actor.Path, error.DeadLetter.Recipient);
    }

    [Fact]
    public async Task ContextStop_QueuedMessagesBehindIt_AreDeadLetters()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = _system.ActorOf("stopper", () => new SelfStoppingActor(gate.Task));
        actor.Tell("stop");
        actor.Tell(new Add(1));
        actor.Tell(new Add(2));

        gate.SetResult();
        await _system.WhenTerminated(actor).Within();

        Assert.Equal(2, DeadLettersOf<Add>().Length);
    }

    [Fact]
    public async Task Unhandled_Message_IsReportedAsDeadLetter()
    {
        var counter = _system.ActorOf<CounterActor>("counter");

        counter.Tell("not understood");
        await counter.AskAsync<int>(new GetCount()).Within();

        Assert.Single(DeadLettersOf<string>());
    }

    [Fact]
    public async Task SingleTimer_Started_DeliversOnceNoEarlierThanDelay()
    {
        var delay = TimeSpan.FromMilliseconds(100);
        var ticks = new TimerProbe();
        var clock = Stopwatch.StartNew();

        var actor = _system.ActorOf("timed", () => new TimerActor(ticks, periodic: false, delay));
        await ticks.First.Task.Within();
        var stillActive = await actor.AskAsync<bool>("active").Within();

        Assert.True(clock.Elapsed >= delay - TimeSpan.FromMilliseconds(15));
        Assert.False(stillActive);
        Assert.Equal(1, ticks.Count);
    }

    [Fact]
    public async Task PeriodicTimer_Started_DeliversRepeatedlyUntilCancelled()
    {
        var ticks = new TimerProbe();

        var actor = _system.ActorOf("timed", () => new TimerActor(ticks, periodic: true, TimeSpan.FromMilliseconds(20)));
        await ticks.Third.Task.Within();
        var countAtCancel = await actor.AskAsync<int>("cancel").Within();
        var countLater = await actor.AskAsync<int>("count", TimeSpan.FromSeconds(5)).Within();

        Assert.True(countAtCancel >= 3);
        Assert.Equal(countAtCancel, countLater);
        Assert.False(await actor.AskAsync<bool>("active").Within());
    }

    private T[] DeadLettersOf<T>()
    {
        lock (_deadLetters)
        {
            return [.. _deadLetters.Select(d => d.Message).OfType<T>()];
        }
    }

    private sealed class SelfStoppingActor(Task gate) : Actor
    {
        protected override async ValueTask ReceiveAsync(object message)
        {
            if (message is "stop")
            {
                await gate; // the Adds queue up behind this message meanwhile
                Context.Stop();
            }
        }
    }

    private sealed class TimerProbe
    {
        private int _count;

        public TaskCompletionSource First { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Second { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Third { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count => Volatile.Read(ref _count);

        public void Tick()
        {
            var count = Interlocked.Increment(ref _count);
            (count switch { 1 => First, 2 => Second, 3 => Third, _ => null })?.TrySetResult();
        }
    }

    private sealed class TimerActor(TimerProbe probe, bool periodic, TimeSpan interval) : Actor
    {
        private int _ticks;

        protected override ValueTask PreStartAsync()
        {
            if (periodic)
            {
                Context.Timers.StartPeriodicTimer("tick", "tick", interval);
            }
            else
            {
                Context.Timers.StartSingleTimer("tick", "tick", interval);
            }

            return ValueTask.CompletedTask;
        }

        protected override ValueTask ReceiveAsync(object message)
        {
            switch (message)
            {
                case "tick":
                    _ticks++;
                    probe.Tick();
                    break;
                case "cancel":
                    Context.Timers.Cancel("tick");
                    Reply(_ticks);
                    break;
                case "count":
                    // Schedule a reply after several would-be periods; any stale tick would be counted first.
                    Context.Timers.StartSingleTimer("reply", "reply", interval * 5);
                    _replyTo = Sender;
                    break;
                case "reply":
                    _replyTo?.Tell(_ticks);
                    break;
                case "active":
                    Reply(Context.Timers.IsTimerActive("tick"));
                    break;
            }

            return ValueTask.CompletedTask;
        }

        private IActorRef? _replyTo;
    }
}
