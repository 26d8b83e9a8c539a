using Microsoft.EntityFrameworkCore;
using Orders.Contracts;
using Orders.StatusService.Persistence;

namespace Orders.StatusService.Queries;

/// <summary>
/// The read side's queries, compiled once (LINQ translation is not repeated per request) and
/// untracked (nothing read here is ever saved).
/// </summary>
internal static class OrderQueries
{
    public static readonly Func<StatusDbContext, string, Task<OrderViewRow?>> FindOrder =
        EF.CompileAsyncQuery((StatusDbContext db, string orderId) =>
            db.OrderViews.AsNoTracking().FirstOrDefault(v => v.OrderId == orderId));

    public static readonly Func<StatusDbContext, string, IAsyncEnumerable<OrderHistoryRow>> HistoryOf =
        EF.CompileAsyncQuery<StatusDbContext, string, OrderHistoryRow>((db, orderId) =>
            db.OrderHistory.AsNoTracking().Where(h => h.OrderId == orderId).OrderBy(h => h.Version));

    /// <summary>Newest first (ix_order_views_updated_at); the order id breaks ties so pages are stable.</summary>
    public static readonly Func<StatusDbContext, int, IAsyncEnumerable<OrderViewRow>> Newest =
        EF.CompileAsyncQuery<StatusDbContext, int, OrderViewRow>((db, limit) =>
            db.OrderViews.AsNoTracking().OrderByDescending(v => v.UpdatedAt).ThenBy(v => v.OrderId).Take(limit));

    /// <summary>Newest with one status first (ix_order_views_status_updated_at).</summary>
    public static readonly Func<StatusDbContext, OrderStatus, int, IAsyncEnumerable<OrderViewRow>> NewestWithStatus =
        EF.CompileAsyncQuery<StatusDbContext, OrderStatus, int, OrderViewRow>((db, status, limit) =>
            db.OrderViews.AsNoTracking().Where(v => v.Status == status)
                .OrderByDescending(v => v.UpdatedAt).ThenBy(v => v.OrderId).Take(limit));

    public static readonly Func<StatusDbContext, IAsyncEnumerable<StatusCount>> CountByStatus =
        EF.CompileAsyncQuery((StatusDbContext db) =>
            db.OrderViews.GroupBy(v => v.Status).Select(g => new StatusCount(g.Key, g.LongCount())));
}

/// <summary>How many orders have one status.</summary>
internal sealed record StatusCount(OrderStatus Status, long Count);
