namespace Orders.Actors.Tests;

/// <summary>
/// The mailbox queue at its edges: a ring that fills up and is followed by larger ones, a segment
/// released whenever the actor goes idle, and producers racing both. A missed wake-up shows up as
/// an Ask or a count that never completes, so every wait has a deadline.
/// </summary>
public sealed class MailboxTests : IAsyncLifetime
{
    private readonly ActorSystem _system = new("test");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _system.ShutdownAsync();

    [Fact]
    public async Task AskAsync_EachSentAsThePreviousRunEnds_NoMessageStranded()
    {
        // Every message reaches an actor that has just drained its queue, released its segment and is
        // clearing its scheduled flag: the window in which a wake-up could be lost.
        var echo = _system.ActorOf<CounterActor>("echo");
        const int pingers = 4, perPinger = 2_000;

        var counts = await Task.WhenAll(Enumerable.Range(0, pingers).Select(_ => Task.Run(async () =>
        {
            var last = 0;
            for (var i = 0; i < perPinger; i++)
            {
                echo.Tell(new Add(1));
                last = await echo.AskAsync<int>(new GetCount(), TimeSpan.FromSeconds(10));
            }

            return last;
        }))).Within(30);

        Assert.Equal(pingers * perPinger, counts.Max());
    }

    [Fact]
    public async Task Tell_BurstWhileActorIsBusy_QueueGrowsAndEverythingArrivesInOrder()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = _system.ActorOf("gated", () => new GatedSequenceActor(gate.Task));
        const int messages = 50_000; // many times the largest segment

        actor.Tell(new Ordered(0, -1)); // the handler now waits at the gate while the burst queues up
        for (var i = 0; i < messages; i++)
        {
            actor.Tell(new Ordered(0, i));
        }

        gate.SetResult();
        var (received, violations) = await actor.AskAsync<(int, int)>(new GetViolations()).Within();

        Assert.Equal(messages + 1, received);
        Assert.Equal(0, violations);
    }

    [Fact]
    public async Task Tell_ConcurrentSendersWhileActorKeepsGoingIdle_NothingLostAndEachSendersOrderKept()
    {
        // Senders yield after every message, so the actor often drains, releases its segment and is
        // restarted by whichever sender comes next, while others append to the segment being released.
        var actor = _system.ActorOf<SequenceCheckingActor>("sequence");
        const int senders = 4, perSender = 3_000;

        await Task.WhenAll(Enumerable.Range(0, senders).Select(sender => Task.Run(async () =>
        {
            for (var i = 0; i < perSender; i++)
            {
                actor.Tell(new Ordered(sender, i));
                await Task.Yield();
            }
        }))).Within(30);
        var (received, violations) = await actor.AskAsync<(int, int)>(new GetViolations()).Within();

        Assert.Equal(senders * perSender, received);
        Assert.Equal(0, violations);
    }

    /// <summary>Holds its first message until the gate opens, then checks sequence order.</summary>
    private sealed class GatedSequenceActor(Task gate) : Actor
    {
        private int _expected = -1;
        private int _received;
        private int _violations;

        protected override async ValueTask ReceiveAsync(object message)
        {
            switch (message)
            {
                case Ordered ordered:
                    if (ordered.Sequence == -1)
                    {
                        await gate.WaitAsync(TimeSpan.FromSeconds(10));
                    }

                    if (ordered.Sequence != _expected++)
                    {
                        _violations++;
                    }

                    _received++;
                    break;
                case GetViolations:
                    Reply((_received, _violations));
                    break;
            }
        }
    }
}
