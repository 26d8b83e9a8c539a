using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orders.Messaging.Outbox;
using Orders.Messaging.Pipeline;
using Orders.Messaging.Persistence.Internal;
using Orders.Messaging.Tracing;

namespace Orders.Messaging.Persistence;

/// <summary>
/// Commits the effects of handling one message in ONE transaction: the entity changes staged on
/// the context (e.g. with <see cref="MessagingDbContextExtensions.UpdateExpectingVersion{TEntity}"/>),
/// the inbox row, and the outbox rows. Then wakes the outbox relay. Every lost race is counted in
/// <see cref="PipelineStats"/> (<see cref="PipelineStatsSnapshot.ConflictsRetried"/>): the callers
/// decide again on fresh state, and how often they have to is the price of optimistic concurrency.
/// </summary>
/// <example>
/// <code>
/// await using var db = await dbFactory.CreateDbContextAsync(ct);
/// db.UpdateExpectingVersion(paidOrder, expectedVersion: 1);    // or db.Add(newOrder)
/// var result = await committer.CommitAsync(db, new InboxEntry(msg.Id, "order-service"), [paidEvent], ct);
/// switch (result)
/// {
///     case CommitResult.Committed or CommitResult.AlreadyProcessed: await msg.AckAsync(ct); break;
///     case CommitResult.ConcurrencyConflict: /* drop cached state, reload, decide again */ break;
/// }
/// </code>
/// </example>
public sealed partial class MessageCommitter(OutboxSignal outboxSignal, PipelineStats stats, TimeProvider timeProvider, ILogger<MessageCommitter> logger)
{
    /// <summary>
    /// Adds the inbox row and the outbox rows to <paramref name="db"/> and saves everything it
    /// tracks in one transaction. Races end as <see cref="CommitResult.ConcurrencyConflict"/> or
    /// <see cref="CommitResult.AlreadyProcessed"/> with nothing written and the context's change
    /// tracker cleared; any other failure throws (nothing is written either). Use a fresh context
    /// per commit.
    /// </summary>
    public async ValueTask<CommitResult> CommitAsync(
        DbContext db, InboxEntry inbox, IReadOnlyCollection<OutgoingMessage> outgoing, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(inbox);
        ArgumentNullException.ThrowIfNull(outgoing);
        if (db.Database.CurrentTransaction is not null)
        {
            // A unique violation aborts a PostgreSQL transaction; only a transaction we own can end
            // cleanly as a result instead of poisoning the caller's.
            throw new InvalidOperationException("CommitAsync owns the transaction; do not begin one on the context.");
        }

        if (outgoing.Count > 1 && outgoing.DistinctBy(m => m.EventId, StringComparer.Ordinal).Count() != outgoing.Count)
        {
            // Would violate ux_outbox_event_id on every retry and look like an endless race.
            throw new ArgumentException("Outgoing messages must have distinct event ids.", nameof(outgoing));
        }

        // The rows carry the handling span's context (taken before the commit span starts), so the
        // relay publishes each event inside the trace that produced it.
        var traceParent = OrdersTracing.TraceParentOf(Activity.Current);
        using var span = OrdersTracing.Source.StartActivity("commit");
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("orders.inbox_message_id", inbox.MessageId);
            span.SetTag("orders.outbox_rows", outgoing.Count);
        }

        var now = timeProvider.GetUtcNow();
        db.Set<InboxMessage>().Add(new InboxMessage { MessageId = inbox.MessageId, Consumer = inbox.Consumer, ProcessedAt = now });
        foreach (var message in outgoing)
        {
            db.Set<OutboxMessage>().Add(new OutboxMessage
            {
                EventId = message.EventId,
                Subject = message.Subject,
                Payload = message.Payload.ToArray(),
                Headers = message.Headers,
                TraceParent = traceParent,
                CreatedAt = now,
            });
        }

        try
        {
            // SaveChanges wraps all its statements in one transaction (and Npgsql sends them as one
            // batch): the versioned UPDATE, the inbox INSERT and the outbox INSERTs commit together or not at all.
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            stats.ConflictRetried();
            LogConcurrencyConflict(inbox.MessageId, inbox.Consumer, "versioned update matched no row");
            TagResult(span, CommitResult.ConcurrencyConflict);
            return CommitResult.ConcurrencyConflict;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException postgres && Classify(postgres) is { } result)
        {
            db.ChangeTracker.Clear();
            if (result == CommitResult.AlreadyProcessed)
            {
                LogAlreadyProcessed(inbox.MessageId, inbox.Consumer);
            }
            else
            {
                stats.ConflictRetried();
                LogConcurrencyConflict(inbox.MessageId, inbox.Consumer, $"{postgres.SqlState} on {postgres.ConstraintName ?? postgres.TableName}");
            }

            TagResult(span, result);
            return result;
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }

        if (outgoing.Count > 0)
        {
            stats.EventsCommitted(outgoing.Select(m => m.Subject));
            outboxSignal.Notify();
        }

        TagResult(span, CommitResult.Committed);
        return CommitResult.Committed;
    }

    private static void TagResult(Activity? span, CommitResult result)
    {
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("orders.commit_result", result.ToString());
        }
    }

    private static CommitResult? Classify(PostgresException error) => error.SqlState switch
    {
        // The inbox key taken: the same message id is already committed (by another delivery or instance).
        PostgresErrorCodes.UniqueViolation when error.ConstraintName == MessagingSchema.InboxPrimaryKey => CommitResult.AlreadyProcessed,

        // Any other key taken (the entity was created, or the event emitted, by someone else first):
        // the stored state moved on, so the decision must be made again on fresh state.
        PostgresErrorCodes.UniqueViolation => CommitResult.ConcurrencyConflict,
        PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected => CommitResult.ConcurrencyConflict,
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Commit of {MessageId} by {Consumer} lost a race ({Reason}); caller reloads")]
    private partial void LogConcurrencyConflict(string messageId, string consumer, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {MessageId} was already processed by {Consumer}")]
    private partial void LogAlreadyProcessed(string messageId, string consumer);
}
