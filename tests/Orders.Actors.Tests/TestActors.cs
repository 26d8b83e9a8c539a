using System.Collections.Concurrent;
using Orders.Actors.Entities;

namespace Orders.Actors.Tests;

internal sealed record Add(int Amount);
internal sealed record GetCount;
internal sealed record Boom;
internal sealed record Ordered(int Sender, int Sequence);
internal sealed record GetViolations;

/// <summary>Counts; replies with the count to GetCount; throws on Boom.</summary>
internal sealed class CounterActor : Actor
{
    private int _count;

    protected override ValueTask ReceiveAsync(object message)
    {
        switch (message)
        {
            case Add add:
                _count += add.Amount;
                break;
            case GetCount:
                Reply(_count);
                break;
            case Boom:
                throw new InvalidOperationException("boom");
            default:
                Unhandled(message);
                break;
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>Checks that each sender's sequence arrives in order, with awaits in the handler.</summary>
internal sealed class SequenceCheckingActor : Actor
{
    private readonly Dictionary<int, int> _next = [];
    private int _violations;
    private int _inFlight;
    private int _received;

    protected override async ValueTask ReceiveAsync(object message)
    {
        if (Interlocked.Increment(ref _inFlight) != 1)
        {
            _violations++; // two messages handled at once
        }

        if (message is Ordered ordered)
        {
            _next.TryGetValue(ordered.Sender, out var expected);
            if (ordered.Sequence != expected)
            {
                _violations++;
            }

            _next[ordered.Sender] = ordered.Sequence + 1;
            _received++;
            if (ordered.Sequence % 16 == 0)
            {
                await Task.Yield(); // suspend mid-handler: the next message must still wait
            }
        }
        else if (message is GetViolations)
        {
            Reply((_received, _violations));
        }

        Interlocked.Decrement(ref _inFlight);
    }
}

/// <summary>Records lifecycle calls of actors of one test.</summary>
internal sealed class LifecycleProbe
{
    public ConcurrentQueue<string> Events { get; } = new();

    public ConcurrentQueue<DateTimeOffset> Starts { get; } = new();

    public int Count(string prefix) => Events.Count(e => e.StartsWith(prefix, StringComparison.Ordinal));
}

internal sealed class ProbedActor(LifecycleProbe probe) : Actor
{
    private int _count;

    protected override ValueTask PreStartAsync()
    {
        probe.Starts.Enqueue(DateTimeOffset.UtcNow);
        probe.Events.Enqueue("start");
        return ValueTask.CompletedTask;
    }

    protected override ValueTask PostStopAsync()
    {
        probe.Events.Enqueue("stop");
        return ValueTask.CompletedTask;
    }

    protected override ValueTask PreRestartAsync(Exception reason, object? message)
    {
        probe.Events.Enqueue($"restart:{message?.GetType().Name}:{reason.Message}");
        return ValueTask.CompletedTask;
    }

    protected override ValueTask ReceiveAsync(object message)
    {
        switch (message)
        {
            case Add add:
                _count += add.Amount;
                break;
            case GetCount:
                Reply(_count);
                break;
            case Boom:
                throw new InvalidOperationException("boom");
        }

        return ValueTask.CompletedTask;
    }
}
