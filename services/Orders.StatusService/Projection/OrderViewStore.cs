using Microsoft.EntityFrameworkCore;
using Orders.Messaging.Persistence;
using Orders.StatusService.Domain;
using Orders.StatusService.Persistence;

namespace Orders.StatusService.Projection;

/// <summary>
/// Loads an order's view from PostgreSQL and stores the next version of it, guarded by the
/// version it was decided on: one transaction writes the view row, the new history row and the
/// inbox row (the event id). A lost race is a <see cref="CommitResult"/>, not an exception.
/// </summary>
internal sealed class OrderViewStore(IDbContextFactory<StatusDbContext> dbFactory, MessageCommitter committer, OrderViewQueries queries)
{
    /// <summary>The name recorded with each inbox row.</summary>
    public const string ConsumerName = "status-service";

    /// <summary>The stored view, or null when no event of the order has been applied.</summary>
    public async ValueTask<OrderView?> LoadAsync(string orderId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        var loaded = await queries.FindOrderWithHistory(db, orderId).ConfigureAwait(false);
        if (loaded is null)
        {
            return null;
        }

        var row = loaded.View;
        var history = loaded.History.ConvertAll(h => new OrderHistoryEntry(h.Version, h.Status, h.OccurredAt));
        return new OrderView(row.OrderId, row.Status, (int)row.Version, row.CustomerId, row.Total, row.Currency, row.UpdatedAt, history);
    }

    /// <summary>
    /// Stores <paramref name="view"/>, whose last history entry is the event just applied, if the
    /// stored version is still the one before it (none for version 1), and records
    /// <paramref name="messageId"/> in the inbox.
    /// </summary>
    public async ValueTask<CommitResult> SaveAsync(OrderView view, string messageId, CancellationToken ct)
    {
        var applied = view.History[^1];
        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var row = new OrderViewRow
        {
            OrderId = view.OrderId,
            Status = view.Status,
            Version = view.Version,
            CustomerId = view.CustomerId,
            Total = view.Total,
            Currency = view.Currency,
            UpdatedAt = view.UpdatedAt,
        };

        if (view.Version == 1)
        {
            db.OrderViews.Add(row); // a concurrent first insert loses on pk_order_views
        }
        else
        {
            db.UpdateExpectingVersion(row, expectedVersion: view.Version - 1);
        }

        db.OrderHistory.Add(new OrderHistoryRow
        {
            OrderId = view.OrderId,
            Version = applied.Version,
            Status = applied.Status,
            OccurredAt = applied.OccurredAt,
        });

        return await committer.CommitAsync(db, new InboxEntry(messageId, ConsumerName), [], ct).ConfigureAwait(false);
    }
}
