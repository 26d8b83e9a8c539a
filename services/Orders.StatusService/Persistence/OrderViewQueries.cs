using Microsoft.EntityFrameworkCore;
using Orders.Contracts;

namespace Orders.StatusService.Persistence;

/// <summary>
/// The read side's queries, compiled (LINQ is translated once, not per request) and untracked
/// (nothing read here is saved). One instance per service (a singleton), not static fields: a
/// compiled query binds to the EF model it first runs against, and a process hosting several
/// instances of the service (the tests do) has one model per instance.
/// </summary>
internal sealed class OrderViewQueries
{
    public Func<StatusDbContext, string, Task<OrderViewRow?>> FindOrder { get; } =
        EF.CompileAsyncQuery((StatusDbContext db, string orderId) =>
            db.OrderViews.AsNoTracking().FirstOrDefault(v => v.OrderId == orderId));

    /// <summary>
    /// The view row with its history up to the row's version, oldest first, in one statement: one
    /// round trip and one snapshot (a history row another instance adds meanwhile is not half-seen).
    /// </summary>
    public Func<StatusDbContext, string, Task<OrderViewWithHistory?>> FindOrderWithHistory { get; } =
        EF.CompileAsyncQuery((StatusDbContext db, string orderId) =>
            db.OrderViews.AsNoTracking()
                .Where(v => v.OrderId == orderId)
                .Select(v => new OrderViewWithHistory(
                    v,
                    db.OrderHistory.Where(h => h.OrderId == v.OrderId && h.Version <= v.Version).OrderBy(h => h.Version).ToList()))
                .FirstOrDefault());

    /// <summary>The order's history, oldest first.</summary>
    public Func<StatusDbContext, string, IAsyncEnumerable<OrderHistoryRow>> HistoryOf { get; } =
        EF.CompileAsyncQuery<StatusDbContext, string, OrderHistoryRow>((db, orderId) =>
            db.OrderHistory.AsNoTracking().Where(h => h.OrderId == orderId).OrderBy(h => h.Version));

    /// <summary>Newest first (ix_order_views_updated_at); the order id breaks ties so pages are stable.</summary>
    public Func<StatusDbContext, int, IAsyncEnumerable<OrderViewRow>> Newest { get; } =
        EF.CompileAsyncQuery<StatusDbContext, int, OrderViewRow>((db, limit) =>
            db.OrderViews.AsNoTracking().OrderByDescending(v => v.UpdatedAt).ThenBy(v => v.OrderId).Take(limit));

    /// <summary>Newest with one status first (ix_order_views_status_updated_at).</summary>
    public Func<StatusDbContext, OrderStatus, int, IAsyncEnumerable<OrderViewRow>> NewestWithStatus { get; } =
        EF.CompileAsyncQuery<StatusDbContext, OrderStatus, int, OrderViewRow>((db, status, limit) =>
            db.OrderViews.AsNoTracking().Where(v => v.Status == status)
                .OrderByDescending(v => v.UpdatedAt).ThenBy(v => v.OrderId).Take(limit));

    /// <summary>How many orders have each status (statuses without orders are absent).</summary>
    public Func<StatusDbContext, IAsyncEnumerable<StatusCount>> CountByStatus { get; } =
        EF.CompileAsyncQuery((StatusDbContext db) =>
            db.OrderViews.GroupBy(v => v.Status).Select(g => new StatusCount(g.Key, g.LongCount())));
}

/// <summary>A view row and its history rows, oldest first.</summary>
internal sealed record OrderViewWithHistory(OrderViewRow View, List<OrderHistoryRow> History);

/// <summary>How many orders have one status.</summary>
internal sealed record StatusCount(OrderStatus Status, long Count);
