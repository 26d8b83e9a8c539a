using System.Diagnostics;

namespace Orders.Actors.Internal;

/// <summary>Posting messages and the run loop that the thread pool executes.</summary>
internal sealed partial class ActorCell : IThreadPoolWorkItem
{
    private const int Idle = 0;
    private const int Scheduled = 1;

    // Entity gate: the low bits count producers in the middle of a post, the high bit closes the cell
    // for good. Passivation closes it only when no producer is mid-post and the queue is empty, so a
    // message is either in this incarnation's queue or goes to the next incarnation: never lost.
    private const int GateClosed = 1 << 30;

    private MailboxQueue _queue;
    private SystemMessage? _systemMessages;
    private int _scheduled;
    private int _gate;
    private long _lastActive; // Stopwatch timestamp of the last handled message (entities only)

    /// <summary>
    /// Messages waiting in the queue, counted by walking it: there is deliberately no counter, because
    /// a counter touched by every Tell and every dequeue is a cache line fought over by producers and
    /// the consumer. Read only by metrics collection; approximate while messages flow.
    /// </summary>
    public int QueuedMessages => _queue.Count();

    /// <summary>Nothing queued and not running: a candidate for passivation.</summary>
    public bool IsIdle => _queue.IsEmpty && Volatile.Read(ref _scheduled) == Idle;

    public long LastActive => Volatile.Read(ref _lastActive);

    private void Post(object message, IActorRef? sender)
    {
        if (_region is not null)
        {
            if (!TryPostToEntity(message, sender))
            {
                // This incarnation is gone: the region hands the message to the next one.
                _region.Route(Name, message, sender);
            }

            return;
        }

        if (IsTerminated)
        {
            _system.DeadLetters.Publish(message, sender, Path, "the actor has stopped");
            return;
        }

        // A post racing with the stop still lands in the queue; the run loop drains it to dead letters.
        Enqueue(message, sender);
    }

    /// <summary>
    /// A timer's tick: dropped once the actor is gone or the system is shutting down, so a timer can
    /// neither wake a passivated entity nor keep a draining system busy.
    /// </summary>
    public void PostFromTimer(TimerMessage message)
    {
        if (IsTerminated || _system.IsShuttingDown)
        {
            return;
        }

        if (_region is not null)
        {
            TryPostToEntity(message, sender: null);
        }
        else
        {
            Enqueue(message, sender: null);
        }
    }

    /// <summary>Posts unless the entity has been closed by passivation or stop; then the caller re-routes.</summary>
    public bool TryPostToEntity(object message, IActorRef? sender)
    {
        if ((Interlocked.Increment(ref _gate) & GateClosed) != 0)
        {
            Interlocked.Decrement(ref _gate);
            return false;
        }

        Enqueue(message, sender);
        Interlocked.Decrement(ref _gate);
        return true;
    }

    private void Enqueue(object message, IActorRef? sender)
    {
        _queue.Enqueue(new Envelope(message, sender));
        TrySchedule();
    }

    private void PostSystem(SystemMessage message)
    {
        var head = Volatile.Read(ref _systemMessages);
        while (true)
        {
            message.Next = head;
            var seen = Interlocked.CompareExchange(ref _systemMessages, message, head);
            if (ReferenceEquals(seen, head))
            {
                break;
            }

            head = seen;
        }

        TrySchedule();
    }

    /// <remarks>
    /// The plain read first keeps a Tell to a busy actor to one interlocked operation (the queue's
    /// exchange). It is safe because a finishing run clears the flag with a full fence and then checks
    /// the queue's head, which every producer swapped (also with a full fence) before reading the flag:
    /// either the producer sees the flag cleared, or the run sees the producer's message.
    /// </remarks>
    private void TrySchedule()
    {
        if (Volatile.Read(ref _scheduled) == Idle && Interlocked.CompareExchange(ref _scheduled, Scheduled, Idle) == Idle)
        {
            _system.OnCellBusy();
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    void IThreadPoolWorkItem.Execute() => _ = RunAsync();

    /// <summary>
    /// Handles system messages, then up to <c>Throughput</c> user messages, then gives the thread back.
    /// An async handler suspends the loop (not a thread) until its task completes: the next message is
    /// not delivered before that, which is what makes one message at a time hold for async handlers.
    /// </summary>
    private async Task RunAsync()
    {
        try
        {
            await ProcessSystemMessagesAsync().ConfigureAwait(false);
            for (var budget = _system.Options.Throughput; budget > 0 && CanHandleUserMessages; budget--)
            {
                if (Volatile.Read(ref _systemMessages) is not null)
                {
                    await ProcessSystemMessagesAsync().ConfigureAwait(false);
                    continue;
                }

                if (!_queue.TryDequeue(out var envelope))
                {
                    break;
                }

                var handled = InvokeAsync(envelope.Message, envelope.Sender);
                if (!handled.IsCompletedSuccessfully)
                {
                    await handled.ConfigureAwait(false);
                }
            }

            if (IsTerminated)
            {
                DrainToDeadLetters("the actor has stopped");
            }
        }
        catch (Exception exception)
        {
            // Handlers' exceptions go to supervision; reaching here is a runtime bug. Keep the mailbox alive.
            Log.RunLoopFailed(_system.Logger, exception, Path);
        }
        finally
        {
            // Let go of the queue's segment if nothing is left, so an idle actor holds none.
            _queue.ReleaseIfEmpty();

            // Rescheduling ourselves keeps this cell counted as busy; otherwise it leaves the count.
            Interlocked.Exchange(ref _scheduled, Idle);
            if (HasWork && Interlocked.CompareExchange(ref _scheduled, Scheduled, Idle) == Idle)
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            }
            else
            {
                _system.OnCellIdle();
            }
        }
    }

    private bool CanHandleUserMessages => _actor is not null && !IsSuspended && !IsTerminated;

    private bool HasWork =>
        Volatile.Read(ref _systemMessages) is not null
        || (!_queue.IsEmpty && (IsTerminated || (_actor is not null && !IsSuspended)));

    private ValueTask InvokeAsync(object message, IActorRef? sender)
    {
        SetCurrentSender(sender);
        if (message is TimerMessage timerMessage)
        {
            if (_extras?.Timers?.Accept(timerMessage) != true)
            {
                MessageDone();
                return ValueTask.CompletedTask; // from a timer cancelled or replaced after it fired
            }

            message = timerMessage.Message;
        }

        ValueTask handling;
        try
        {
            handling = _actor!.ReceiveAsync(message);
        }
        catch (Exception exception)
        {
            return FailAsync(exception, message, sender);
        }

        if (handling.IsCompletedSuccessfully)
        {
            MessageDone();
            return ValueTask.CompletedTask;
        }

        return AwaitHandlerAsync(handling, message, sender);
    }

    private async ValueTask AwaitHandlerAsync(ValueTask handling, object message, IActorRef? sender)
    {
        try
        {
            await handling.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            await FailAsync(exception, message, sender).ConfigureAwait(false);
            return;
        }

        MessageDone();
    }

    private async ValueTask FailAsync(Exception exception, object message, IActorRef? sender)
    {
        try
        {
            await OnFailureAsync(exception, message, sender).ConfigureAwait(false);
        }
        finally
        {
            MessageDone();
        }
    }

    private void MessageDone()
    {
        SetCurrentSender(null);
        if (_region is not null)
        {
            Volatile.Write(ref _lastActive, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>
    /// Writes only on change: most Tells carry no sender, and a store, even of the same value, takes
    /// the cache line away from producers that are reading the cell's other fields to post.
    /// </summary>
    private void SetCurrentSender(IActorRef? sender)
    {
        if (!ReferenceEquals(_currentSender, sender))
        {
            _currentSender = sender;
        }
    }

    private void DrainToDeadLetters(string reason)
    {
        while (_queue.TryDequeue(out var envelope))
        {
            var message = envelope.Message is TimerMessage timerMessage ? timerMessage.Message : envelope.Message;
            _system.DeadLetters.Publish(message, envelope.Sender, Path, reason);
        }
    }

    private async ValueTask ProcessSystemMessagesAsync()
    {
        var stack = Interlocked.Exchange(ref _systemMessages, null);
        SystemMessage? inOrder = null;
        while (stack is not null)
        {
            var next = stack.Next;
            stack.Next = inOrder;
            inOrder = stack;
            stack = next;
        }

        for (var message = inOrder; message is not null; message = message.Next)
        {
            var handling = HandleSystemMessageAsync(message);
            if (!handling.IsCompletedSuccessfully)
            {
                await handling.ConfigureAwait(false);
            }
        }
    }

    private ValueTask HandleSystemMessageAsync(SystemMessage message) => message.Kind switch
    {
        SystemMessageKind.Create => CreateAsync(message.Predecessor),
        SystemMessageKind.Recreate => RecreateAsync(),
        SystemMessageKind.Stop => TerminateAsync(message.Reason ?? "stopped"),
        SystemMessageKind.Passivate => PassivateAsync(),
        _ => throw new InvalidOperationException($"Unknown system message {message.Kind}."),
    };
}
