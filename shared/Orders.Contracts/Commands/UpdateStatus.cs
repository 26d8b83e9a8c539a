using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>
/// <c>commands.update-status</c>: move an order to <c>Shipped</c>, <c>Delivered</c> or
/// <c>Cancelled</c>. Any other status makes the command malformed.
/// </summary>
/// <param name="RequestId">Identifies the request; the same id again changes nothing.</param>
/// <param name="OrderId">The order to change.</param>
/// <param name="Status">The wanted status.</param>
/// <param name="ExpectedVersion">
/// Optional optimistic-concurrency guard (like HTTP If-Match): apply only if the order is at
/// exactly this version. Left out of the JSON when null.
/// </param>
public sealed record UpdateStatus(
    string RequestId,
    string OrderId,
    OrderStatus Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ExpectedVersion = null);
