using System.Text.Json.Serialization;
using Orders.Contracts.Json.Internal;

namespace Orders.Contracts;

/// <summary>
/// Where an order is in its lifecycle. On the wire it is the exact member name ("Paid");
/// anything else (other casing, numbers) is rejected when reading.
/// </summary>
[JsonConverter(typeof(ExactNameEnumConverter<OrderStatus>))]
public enum OrderStatus
{
    Created,
    Paid,
    PaymentFailed,
    Shipped,
    Delivered,
    Cancelled,
}
