using Microsoft.EntityFrameworkCore;
using Orders.Contracts;
using Orders.Messaging.Persistence;
using Orders.OrderService.Domain;

namespace Orders.OrderService.Persistence;

/// <summary>
/// Loads orders and commits the order actor's decisions: the order row (guarded by its version),
/// the answered request ids, the inbox row and the outbox event, in one transaction through
/// <see cref="MessageCommitter"/>. Lost races come back as a <see cref="CommitResult"/>, not as exceptions.
/// </summary>
internal sealed class OrderStore(IDbContextFactory<OrdersDbContext> dbFactory, MessageCommitter committer) : IOrderStore
{
    /// <summary>The order as stored now, or null when it does not exist.</summary>
    public async Task<Order?> LoadAsync(string orderId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var record = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.OrderId == orderId, ct).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        var handled = await db.OrderRequests.AsNoTracking()
            .Where(r => r.OrderId == orderId)
            .Select(r => r.RequestId)
            .ToListAsync(ct)
            .ConfigureAwait(false);
        return OrderRecords.ToDomain(record, handled);
    }

    /// <summary>
    /// Commits an <see cref="OrderDecision.Apply"/> or <see cref="OrderDecision.Reject"/> made from
    /// <paramref name="current"/> (the state the decision was made from, null for a new order).
    /// </summary>
    public async Task<CommitResult> CommitAsync(Order? current, OrderDecision decision, InboxEntry inbox, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        IOrderEvent outgoing;
        switch (decision)
        {
            case OrderDecision.Apply apply:
                StageChange(db, current, apply.State);
                outgoing = apply.Event;
                break;

            case OrderDecision.Reject { State: not null } reject:
                StageRejection(db, current ?? throw new ArgumentNullException(nameof(current)), reject.Event);
                outgoing = reject.Event;
                break;

            case OrderDecision.Reject reject:
                // unknown-order: there is no row to guard; the inbox row (update-status:<requestId>)
                // and the rejection's deterministic event id keep it from being answered twice.
                outgoing = reject.Event;
                break;

            default:
                throw new ArgumentException($"{decision.GetType().Name} has nothing to commit.", nameof(decision));
        }

        return await committer.CommitAsync(db, inbox, [OrderEventMessages.ToOutgoing(outgoing)], ct).ConfigureAwait(false);
    }

    private static void StageChange(OrdersDbContext db, Order? current, Order next)
    {
        var record = OrderRecords.ToRecord(next);
        if (current is null)
        {
            // A second creator loses on pk_orders: a conflict, after which the reload decides again.
            db.Orders.Add(record);
        }
        else
        {
            db.UpdateExpectingVersion(record, current.Version);
        }

        foreach (var requestId in next.HandledRequestIds.Except(current?.HandledRequestIds ?? []))
        {
            db.OrderRequests.Add(new OrderRequestRecord
            {
                OrderId = next.OrderId,
                RequestId = requestId,
                Outcome = OrderRequestRecord.AppliedOutcome,
                HandledAt = next.UpdatedAt,
            });
        }
    }

    private static void StageRejection(OrdersDbContext db, Order current, OrderUpdateRejected rejected)
    {
        // A rejection leaves the version alone, but it was decided from `current` and is only
        // right if the order is still at that version (a stale cache could reject what now
        // applies). "SET version = version WHERE version = @current" checks that inside the same
        // transaction and turns a moved-on order into a concurrency conflict.
        var record = OrderRecords.ToRecord(current);
        db.Orders.Attach(record);
        db.Entry(record).Property(o => o.Version).IsModified = true;

        db.OrderRequests.Add(new OrderRequestRecord
        {
            OrderId = current.OrderId,
            RequestId = rejected.RequestId,
            Outcome = rejected.Reason,
            HandledAt = rejected.OccurredAt,
        });
    }
}
