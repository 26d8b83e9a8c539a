namespace Orders.Actors.Internal;

/// <summary>An Ask in flight that the runtime can fail (handler exception, dead letter).</summary>
internal interface IAskPromise
{
    void Fail(Exception exception);
}

/// <summary>
/// The temporary "sender" of an Ask (Akka's PromiseActorRef): the actor's reply is told to it and
/// completes the caller's task. Deriving from the completion source saves an allocation per Ask.
/// Continuations run asynchronously so the caller never runs on the replying actor's thread.
/// </summary>
internal sealed class AskPromise<TReply> : TaskCompletionSource<TReply>, IActorRef, IAskPromise
{
    private readonly string _recipient;
    private readonly Type _messageType;
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenRegistration _cancellation;
    private readonly ITimer? _timer;

    public AskPromise(ActorSystem system, string recipient, object message, TimeSpan? timeout, CancellationToken cancellationToken)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        _recipient = recipient;
        _messageType = message.GetType();
        _timeout = timeout ?? system.Options.DefaultAskTimeout;
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(
                static (state, token) => ((AskPromise<TReply>)state!).Cancel(token), this);
        }

        if (_timeout != Timeout.InfiniteTimeSpan)
        {
            _timer = system.Options.TimeProvider.CreateTimer(
                static state => ((AskPromise<TReply>)state!).TimeOut(), this, _timeout, Timeout.InfiniteTimeSpan);
        }
    }

    public string Path => $"temp/ask/{_recipient}";

    public void Tell(object message, IActorRef? sender = null)
    {
        if (message is TReply reply)
        {
            if (TrySetResult(reply))
            {
                Release();
            }
        }
        else
        {
            Fail(new InvalidCastException(
                $"Ask of {_messageType.Name} to {_recipient} expected a {typeof(TReply).Name} reply but got {message.GetType().Name}."));
        }
    }

    public ValueTask<T> AskAsync<T>(object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("An Ask's reply address cannot be asked.");

    public void Fail(Exception exception)
    {
        if (TrySetException(exception))
        {
            Release();
        }
    }

    private void Cancel(CancellationToken token)
    {
        if (TrySetCanceled(token))
        {
            Release();
        }
    }

    private void TimeOut()
    {
        if (TrySetException(new AskTimeoutException($"Ask of {_messageType.Name} to {_recipient} got no reply within {_timeout}.")))
        {
            Release();
        }
    }

    private void Release()
    {
        _timer?.Dispose();
        _cancellation.Unregister();
    }
}
