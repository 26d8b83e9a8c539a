using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orders.Contracts;
using Orders.OrderService.Domain;

namespace Orders.OrderService.Persistence;

/// <summary>Maps between the domain's <see cref="Order"/> and its stored rows.</summary>
internal static class OrderRecords
{
    public static OrderRecord ToRecord(Order order) => new()
    {
        OrderId = order.OrderId,
        CustomerId = order.CustomerId,
        Currency = order.Currency,
        Items = JsonSerializer.Serialize(order.Items.ToArray(), OrderItemsJsonContext.Default.OrderItemArray),
        Total = order.Total,
        Status = order.Status,
        Version = order.Version,
        ContentFingerprint = order.ContentFingerprint,
        PaymentId = order.PaymentId,
        CreatedAt = order.CreatedAt,
        UpdatedAt = order.UpdatedAt,
    };

    public static Order ToDomain(OrderRecord record, IEnumerable<string> handledRequestIds) => new(
        record.OrderId,
        record.CustomerId,
        record.Currency,
        JsonSerializer.Deserialize(record.Items, OrderItemsJsonContext.Default.OrderItemArray)
            ?? throw new InvalidDataException($"Order {record.OrderId} has no items stored."),
        record.Total,
        record.Status,
        checked((int)record.Version),
        record.ContentFingerprint,
        record.PaymentId,
        handledRequestIds.ToImmutableHashSet(StringComparer.Ordinal),
        record.CreatedAt,
        record.UpdatedAt);
}

/// <summary>The <c>items</c> column: the lines in the contract's camelCase JSON, as <c>orders.created</c> carries them.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(OrderItem[]))]
internal sealed partial class OrderItemsJsonContext : JsonSerializerContext;
