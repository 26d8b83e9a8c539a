using System.Text.Json.Serialization;

namespace Orders.StatusService.Queries;

/// <summary>
/// One element of <c>GET /orders</c> (a JSON array, newest first): the fields of
/// <see cref="OrderResponse"/> without the history, so a list of 1000 stays one cheap query.
/// </summary>
internal sealed record OrderSummaryResponse(
    string OrderId,
    string Status,
    int Version,
    string CustomerId,
    decimal Total,
    string Currency,
    [property: JsonConverter(typeof(UtcTimestampJsonConverter))] DateTimeOffset UpdatedAt);
