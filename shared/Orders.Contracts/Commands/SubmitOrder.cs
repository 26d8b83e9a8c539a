namespace Orders.Contracts;

/// <summary>
/// <c>commands.submit-order</c>: create an order. Idempotent per <c>orderId</c>: the same content
/// again changes nothing, different content under the same id is dead-lettered.
/// </summary>
/// <remarks>
/// <see cref="Items"/> is a list, so record equality compares it by reference; compare commands
/// by content with <see cref="Validation.ContentFingerprint"/>.
/// </remarks>
public sealed record SubmitOrder(string OrderId, string CustomerId, string Currency, IReadOnlyList<OrderItem> Items);
