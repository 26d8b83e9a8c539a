using System.Text.Json.Serialization;

namespace Orders.StatusService.Queries;

/// <summary>
/// <c>GET /orders/{orderId}</c>, exactly as docs/contract.md "Query API" names it:
/// <c>{"orderId","status","version","customerId","total","currency","updatedAt","history":[...]}</c>.
/// </summary>
internal sealed record OrderResponse(
    string OrderId,
    string Status,
    int Version,
    string CustomerId,
    decimal Total,
    string Currency,
    [property: JsonConverter(typeof(UtcTimestampJsonConverter))] DateTimeOffset UpdatedAt,
    IReadOnlyList<OrderHistoryResponse> History);

/// <summary>One applied event of an order: <c>{"version","status","occurredAt"}</c>, oldest first.</summary>
internal sealed record OrderHistoryResponse(
    int Version,
    string Status,
    [property: JsonConverter(typeof(UtcTimestampJsonConverter))] DateTimeOffset OccurredAt);
