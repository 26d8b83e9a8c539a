namespace Orders.Actors;

/// <summary>
/// A handle to an actor. The only ways to reach an actor: <see cref="Tell"/> (fire and forget) and
/// <see cref="AskAsync{TReply}"/> (request/reply). A reference stays valid across restarts; after the
/// actor stops, messages sent to it are reported as dead letters.
/// </summary>
public interface IActorRef
{
    /// <summary>Readable identity, e.g. <c>orders/user/printer</c> or <c>orders/region/orders/o-42</c>.</summary>
    string Path { get; }

    /// <summary>Enqueues <paramref name="message"/>; never blocks, never throws for a stopped actor.</summary>
    void Tell(object message, IActorRef? sender = null);

    /// <summary>
    /// Sends <paramref name="message"/> and completes with the actor's reply (see <c>Actor.Reply</c>), or
    /// fails with the handler's exception, <see cref="AskTimeoutException"/> after <paramref name="timeout"/>
    /// (the system default when null), <see cref="OperationCanceledException"/> when
    /// <paramref name="cancellationToken"/> fires, or <see cref="UndeliveredMessageException"/>.
    /// </summary>
    ValueTask<TReply> AskAsync<TReply>(object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default);
}
