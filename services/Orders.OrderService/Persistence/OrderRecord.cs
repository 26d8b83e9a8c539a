using Orders.Contracts;
using Orders.Messaging.Persistence;

namespace Orders.OrderService.Persistence;

/// <summary>
/// A row of <c>orders</c>: the stored form of a <see cref="Domain.Order"/> (see
/// <see cref="OrderRecords"/> for the mapping). <see cref="Version"/> is the concurrency token, so
/// every update is <c>UPDATE orders ... WHERE order_id = @id AND version = @expected</c>.
/// </summary>
internal sealed class OrderRecord : IVersionedEntity
{
    public required string OrderId { get; init; }

    public required string CustomerId { get; init; }

    public required string Currency { get; init; }

    /// <summary>The lines exactly as published in <c>orders.created</c>, as a <c>jsonb</c> array.</summary>
    public required string Items { get; init; }

    public required decimal Total { get; init; }

    public required OrderStatus Status { get; init; }

    public long Version { get; init; }

    public required string ContentFingerprint { get; init; }

    public string? PaymentId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }
}
