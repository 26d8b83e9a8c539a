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
        // One statement (the order left-joined to its handled request ids): one round trip, and the
        // two read from one snapshot, where two queries were two transactions of their own.
        var loaded = await db.Orders.AsNoTracking()
            .Where(o => o.OrderId == orderId)
            .Select(o => new
            {
                Order = o,
                Handled = db.OrderRequests.Where(r => r.OrderId == o.OrderId).Select(r => r.RequestId).ToList(),
            })
            .SingleOrDefaultAsync(ct)
            .ConfigureAwait(false);
        return loaded is null ? null : OrderRecords.ToDomain(loaded.Order, loaded.Handled);
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
