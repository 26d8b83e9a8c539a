using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Orders.Contracts;
using Orders.Contracts.Messaging;
using Orders.Messaging.Persistence;
using Orders.PaymentService.Domain;

namespace Orders.PaymentService.Persistence;

/// <summary>
/// Reads and writes <c>payments</c> under optimistic concurrency: a write expects the version it
/// was decided on, and a lost race is a result (null / <see cref="CommitResult.ConcurrencyConflict"/>),
/// never an exception. A fresh context per call, so nothing is tracked between messages.
/// </summary>
internal sealed class PaymentStore(IDbContextFactory<PaymentDbContext> dbFactory, MessageCommitter committer, TimeProvider timeProvider)
{
    public const string Consumer = "payment-service";

    public async ValueTask<StoredPayment?> FindAsync(string orderId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var row = await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.OrderId == orderId, ct).ConfigureAwait(false);
        return row is null ? null : new StoredPayment(row.ToPayment(), row.Version);
    }

    /// <summary>
    /// Stores <paramref name="next"/> alone (no inbox row: the message is not done yet), e.g. a charge
    /// under way. Returns what was written, or null when another writer got there first.
    /// </summary>
    public async ValueTask<StoredPayment?> TrySaveAsync(StoredPayment? current, Payment next, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var written = Stage(db, current, next);
        try
        {
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            return written;
        }
        catch (DbUpdateConcurrencyException)
        {
            return null;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Two first writes of the same order: the other one inserted the row.
            return null;
        }
    }

    /// <summary>
    /// Commits <paramref name="next"/>, the inbox row of <paramref name="messageId"/> and
    /// <paramref name="events"/> in the outbox, in one transaction.
    /// </summary>
    public async ValueTask<(CommitResult Result, StoredPayment Written)> CommitAsync(
        string messageId, StoredPayment? current, Payment next, IReadOnlyList<IPaymentEvent> events, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var written = Stage(db, current, next);
        var outgoing = events.Select(ToOutgoing).ToArray();
        var result = await committer.CommitAsync(db, new InboxEntry(messageId, Consumer), outgoing, ct).ConfigureAwait(false);
        return (result, written);
    }

    private StoredPayment Stage(PaymentDbContext db, StoredPayment? current, Payment next)
    {
        var now = timeProvider.GetUtcNow();
        if (current is null)
        {
            var row = PaymentRecord.From(next, version: 1, now);
            db.Payments.Add(row);
            return new StoredPayment(next, row.Version);
        }

        var updated = PaymentRecord.From(next, current.Version + 1, now);
        db.UpdateExpectingVersion(updated, current.Version);
        return new StoredPayment(next, updated.Version);
    }

    private static OutgoingMessage ToOutgoing(IPaymentEvent evt) =>
        new(evt.EventId, Subjects.ForEvent(evt), ContractRegistry.Serialize(evt));
}
