using System.Collections.Concurrent;
using Orders.Messaging.Pipeline;

namespace Orders.Messaging.Tests.Pipeline.Support;

/// <summary>
/// What the <see cref="ScriptedActor"/>s do, shared by all of them (a DI singleton): records every
/// message each entity receives, in the order received, and replies what <see cref="Decide"/> says.
/// </summary>
public sealed class ActorScript
{
    private readonly ConcurrentQueue<Received> _received = new();

    /// <summary>The outcome for a message; acks everything unless a test says otherwise.</summary>
    public Func<Received, ValueTask<MessageOutcome>> Decide { get; set; } = _ => ValueTask.FromResult(MessageOutcome.Ack);

    /// <summary>Every delivery that reached an actor, in arrival order.</summary>
    public IReadOnlyList<Received> All => [.. _received];

    /// <summary>Deliveries of one message id.</summary>
    public IReadOnlyList<Received> Of(string messageId) => [.. _received.Where(r => r.Incoming.MessageId == messageId)];

    internal ValueTask<MessageOutcome> HandleAsync(string entityId, IIncoming incoming, string instance)
    {
        var received = new Received(entityId, incoming, instance);
        _received.Enqueue(received);
        return Decide(received);
    }

    /// <summary>One delivery as an actor saw it.</summary>
    /// <param name="EntityId">The actor's key (order id).</param>
    /// <param name="Incoming">What the pipeline sent.</param>
    /// <param name="Instance">Which test "service instance" (host) handled it.</param>
    public sealed record Received(string EntityId, IIncoming Incoming, string Instance);
}
