using Orders.Messaging.Entities;
using Orders.Messaging.Pipeline;

namespace Orders.Entities.Tests.Support;

/// <summary>Handled in order; recorded in the <see cref="Journal"/>.</summary>
public sealed record Note(int Sequence);

/// <summary>Makes the handler throw: unexpected (a bug) or transient (a timeout).</summary>
public sealed record Fail(bool Transient);

/// <summary>Handled only when <paramref name="Gate"/> completes (a message still in flight).</summary>
public sealed record Hold(Task Gate, int Sequence);

/// <summary>A message type no entity handles.</summary>
public sealed record Stray;

/// <summary>An entity whose handling is scripted by the message; records what it does in the <see cref="Journal"/>.</summary>
public sealed class TestEntity : EntityActor
{
    private readonly Journal _journal;

    public TestEntity(EntityRuntime runtime, Journal journal)
        : base(runtime)
    {
        _journal = journal;
    }

    protected override void PreStart()
    {
        _journal.OnStarted(EntityId);
        base.PreStart();
    }

    /// <summary>Akka's default calls PostStop on restart too; the journal counts real stops only.</summary>
    protected override void PreRestart(Exception reason, object message)
    {
    }

    protected override void PostStop()
    {
        _journal.OnStopped(EntityId);
        base.PostStop();
    }

    protected override async Task<MessageOutcome> HandleAsync(IIncoming incoming, IServiceProvider services)
    {
        switch (incoming.Message)
        {
            case Note note:
                _journal.OnHandled(EntityId, note.Sequence);
                return MessageOutcome.Ack;
            case Fail { Transient: true }:
                throw new TimeoutException("simulated database timeout");
            case Fail:
                throw new InvalidOperationException("simulated bug");
            case Hold hold:
                _journal.OnHolding(EntityId);
                await hold.Gate.ConfigureAwait(true);
                _journal.OnHandled(EntityId, hold.Sequence);
                return MessageOutcome.Ack;
            default:
                return MessageOutcome.DeadLetter("unknown");
        }
    }
}
