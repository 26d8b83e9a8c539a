using System.Collections.Frozen;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orders.Contracts;
using Orders.StatusService.Persistence;

namespace Orders.StatusService.Queries;

/// <summary>The HTTP query API of docs/contract.md ("Query API"): one order, the newest orders, counts by status.</summary>
internal static class OrderQueryEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    private const string PlainText = "text/plain; charset=utf-8";

    // Exact member names only, as on the wire: "paid" or "1" is not a status.
    private static readonly FrozenDictionary<string, OrderStatus> StatusByName =
        Enum.GetValues<OrderStatus>().ToFrozenDictionary(status => status.ToString(), StringComparer.Ordinal);

    private static readonly string StatusNames = string.Join(", ", Enum.GetNames<OrderStatus>());

    /// <summary>Maps <c>GET /orders/{orderId}</c>, <c>GET /orders</c> and <c>GET /stats</c>.</summary>
    public static IEndpointRouteBuilder MapOrderQueries(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/orders/{orderId}", GetOrderAsync);
        endpoints.MapGet("/orders", ListOrdersAsync);
        endpoints.MapGet("/stats", GetStatsAsync);
        return endpoints;
    }

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> GetOrderAsync(
        string orderId, IDbContextFactory<StatusDbContext> dbFactory, OrderViewQueries queries, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var view = await queries.FindOrder(db, orderId);
        if (view is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Order not found",
                detail: $"No event of order '{orderId}' has been applied.");
        }

        var history = new List<OrderHistoryResponse>((int)view.Version);
        await foreach (var entry in queries.HistoryOf(db, orderId).WithCancellation(ct))
        {
            if (entry.Version > view.Version)
            {
                break; // applied after the view row was read: answer one consistent version
            }

            history.Add(new OrderHistoryResponse(entry.Version, entry.Status.ToString(), entry.OccurredAt));
        }

        return TypedResults.Ok(new OrderResponse(
            view.OrderId, view.Status.ToString(), (int)view.Version, view.CustomerId, view.Total, view.Currency, view.UpdatedAt, history));
    }

    private static async Task<Results<Ok<IReadOnlyList<OrderSummaryResponse>>, ContentHttpResult>> ListOrdersAsync(
        string? status, string? limit, IDbContextFactory<StatusDbContext> dbFactory, OrderViewQueries queries, CancellationToken ct)
    {
        OrderStatus? wanted = null;
        if (status is not null)
        {
            if (!StatusByName.TryGetValue(status, out var parsed))
            {
                return BadRequest($"Unknown status '{status}'. Use one of: {StatusNames}.");
            }

            wanted = parsed;
        }

        var take = DefaultLimit;
        if (limit is not null
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
        {
            return BadRequest($"limit must be a whole number from 1 to {MaxLimit} (was '{limit}').");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = wanted is { } only ? queries.NewestWithStatus(db, only, take) : queries.Newest(db, take);
        var orders = new List<OrderSummaryResponse>();
        await foreach (var view in rows.WithCancellation(ct))
        {
            orders.Add(new OrderSummaryResponse(
                view.OrderId, view.Status.ToString(), (int)view.Version, view.CustomerId, view.Total, view.Currency, view.UpdatedAt));
        }

        return TypedResults.Ok<IReadOnlyList<OrderSummaryResponse>>(orders);
    }

    private static async Task<Ok<StatsResponse>> GetStatsAsync(IDbContextFactory<StatusDbContext> dbFactory, OrderViewQueries queries, CancellationToken ct)
    {
        var counts = Enum.GetValues<OrderStatus>().ToDictionary(status => status, _ => 0L);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await foreach (var count in queries.CountByStatus(db).WithCancellation(ct))
        {
            counts[count.Status] = count.Count;
        }

        // Built in enum (lifecycle) order, which is the order the object's keys are written in.
        var byStatus = new OrderedDictionary<string, long>(counts.Count);
        foreach (var status in Enum.GetValues<OrderStatus>())
        {
            byStatus.Add(status.ToString(), counts[status]);
        }

        return TypedResults.Ok(new StatsResponse(byStatus, counts.Values.Sum()));
    }

    private static ContentHttpResult BadRequest(string message) =>
        TypedResults.Text(message, PlainText, statusCode: StatusCodes.Status400BadRequest);
}
