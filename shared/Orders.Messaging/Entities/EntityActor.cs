using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orders.Messaging.Entities.Internal;
using Orders.Messaging.Pipeline;
using Orders.Messaging.Tracing;

namespace Orders.Messaging.Entities;

/// <summary>
/// Base of every entity actor: the child that its entity parent creates for one entity id (an order
/// id) on the entity's first message. It handles one <see cref="IIncoming"/> at a time
/// (<c>ReceiveAsync</c>: the next message waits until the previous one is answered), each in a DI
/// scope of its own from the root provider, so nothing scoped (a DbContext) outlives a message or is
/// shared between messages. It always answers the pipeline's Ask with a <see cref="MessageOutcome"/>:
/// <list type="bullet">
/// <item>a transient failure (<see cref="TransientFailures"/>) is answered <see cref="MessageOutcome.Retry"/>
/// and the cached state dropped;</item>
/// <item>any other exception is answered <see cref="MessageOutcome.Retry"/> too, then rethrown, so the
/// parent's supervision restarts the actor (fresh state) and the next message waits out a back-off;</item>
/// <item>a message that is not an <see cref="IIncoming"/> is answered with a failure (the Ask throws).</item>
/// </list>
/// After <see cref="EntityRegionOptions.PassivateAfter"/> without messages its parent stops it (the parent
/// keeps the idle times: no timer per entity).
/// </summary>
public abstract partial class EntityActor : UntypedActor
{
    private readonly EntityRuntime _runtime;

    // Restart times within the window, carried from the failed incarnation through the restart's reason.
    private DateTimeOffset[]? _recentRestarts;
    private bool _backOffFirst;

    protected EntityActor(EntityRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        _runtime = runtime;
    }

    /// <summary>The entity id (the order id): the actor's name, unescaped.</summary>
    protected string EntityId => Uri.UnescapeDataString(Self.Path.Name);

    /// <summary>The region's logger (shared by its children).</summary>
    protected ILogger Logger => _runtime.Logger;

    /// <summary>Decides and carries out one message; the returned outcome is the pipeline's answer.</summary>
    /// <param name="incoming">The message.</param>
    /// <param name="services">This message's DI scope.</param>
    protected abstract Task<MessageOutcome> HandleAsync(IIncoming incoming, IServiceProvider services);

    /// <summary>Called after a failed message: drop whatever cached state it may have left wrong.</summary>
    protected virtual void OnFailed()
    {
    }

    /// <summary>
    /// Dispatches by type. An <see cref="IIncoming"/> runs as an actor task (what <c>ReceiveAsync</c>
    /// does in a ReceiveActor: the mailbox is suspended until the task completes, so messages are
    /// handled one at a time). An UntypedActor, not a ReceiveActor, because it keeps no handler table
    /// per instance: an idle entity costs less (docs/benchmarks.md).
    /// </summary>
    protected sealed override void OnReceive(object message)
    {
        if (message is EntityDelivery delivery)
        {
            Dispatch(delivery.Message, delivery.ReplyTo);
        }
        else
        {
            Dispatch(message, Sender);
        }
    }

    private void Dispatch(object message, IActorRef replyTo)
    {
        switch (message)
        {
            case IIncoming incoming:
                RunTask(() => OnIncomingAsync(incoming, replyTo));
                break;
            default:
                OnUnknown(message, replyTo);
                break;
        }
    }

    /// <inheritdoc />
    protected override void PostRestart(Exception reason)
    {
        if (reason is EntityFailedException failed)
        {
            _recentRestarts = failed.RecentRestarts;
            _backOffFirst = true;
        }

        base.PostRestart(reason);
    }

    private async Task OnIncomingAsync(IIncoming incoming, IActorRef sender)
    {
        if (_backOffFirst)
        {
            // The back-off of the supervision strategy: a restarted entity waits before it touches the
            // database again; messages queue in its mailbox meanwhile (none is dropped).
            _backOffFirst = false;
            var delay = _runtime.Options.RestartBackoffFor(_recentRestarts?.Length ?? 1);
            LogBackingOff(Logger, _runtime.RegionName, EntityId, delay);
            await Task.Delay(delay).ConfigureAwait(true);
        }

        // Current for the whole handling: database spans nest under it and the outbox rows it
        // commits store its traceparent, so their publication continues this order's trace.
        using var span = OrdersTracing.StartContinuing($"handle {incoming.Subject}", incoming.Delivery.Trace, EntityId);
        using var logScope = Logger.BeginScope(
            "{Region} {EntityId} {Subject} #{StreamSequence} delivery {Delivered}",
            _runtime.RegionName, EntityId, incoming.Subject, incoming.Delivery.StreamSequence, incoming.Delivery.NumDelivered);
        Exception? failure = null;
        MessageOutcome outcome;
        var scope = _runtime.Scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(true))
        {
            try
            {
                outcome = await HandleAsync(incoming, scope.ServiceProvider).ConfigureAwait(true);
            }
            catch (Exception ex) when (TransientFailures.IsTransient(ex))
            {
                OnFailed();
                LogTransientFailure(Logger, ex, _runtime.RegionName, EntityId, incoming.MessageId);
                outcome = MessageOutcome.Retry($"{_runtime.RegionName} {EntityId}: transient failure ({ex.GetType().Name}: {ex.Message})", ex);
            }
            catch (Exception ex)
            {
                OnFailed();
                LogUnexpectedFailure(Logger, ex, _runtime.RegionName, EntityId, incoming.MessageId);
                outcome = MessageOutcome.Retry($"{_runtime.RegionName} {EntityId}: failed ({ex.GetType().Name}: {ex.Message}); restarting", ex);
                failure = ex;
            }
        }

        LogOutcome(Logger, _runtime.RegionName, EntityId, incoming.MessageId, outcome);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(OrdersTracing.OutcomeTag, outcome.GetType().Name);
        }

        sender.Tell(outcome, Self);
        if (failure is not null)
        {
            // Answered first, so the pipeline naks at once instead of waiting for its ask timeout.
            throw new EntityFailedException(EntityId, failure, RestartsWithin(_runtime.Options.RestartWindow));
        }
    }

    private DateTimeOffset[] RestartsWithin(TimeSpan window)
    {
        var now = DateTimeOffset.UtcNow;
        return [.. (_recentRestarts ?? []).Where(t => now - t < window), now];
    }

    private void OnUnknown(object message, IActorRef sender)
    {
        LogUnknownMessage(Logger, _runtime.RegionName, EntityId, message.GetType().Name);
        if (!sender.IsNobody() && !sender.Equals(Context.System.DeadLetters))
        {
            sender.Tell(new Status.Failure(new NotSupportedException(
                $"{_runtime.RegionName} entities take {nameof(IIncoming)} messages, not {message.GetType().Name}.")));
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Region} {EntityId}: {MessageId} -> {Outcome}")]
    private static partial void LogOutcome(ILogger logger, string region, string entityId, string messageId, MessageOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Region} {EntityId}: {MessageId} hit a transient failure; it will be retried")]
    private static partial void LogTransientFailure(ILogger logger, Exception exception, string region, string entityId, string messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Region} {EntityId}: {MessageId} failed unexpectedly; answered retry, the entity restarts")]
    private static partial void LogUnexpectedFailure(ILogger logger, Exception exception, string region, string entityId, string messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Region} {EntityId}: restarted after a failure; waiting {Delay} before the next message")]
    private static partial void LogBackingOff(ILogger logger, string region, string entityId, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Region} {EntityId}: {MessageType} is not an Incoming message; answered with a failure")]
    private static partial void LogUnknownMessage(ILogger logger, string region, string entityId, string messageType);
}
