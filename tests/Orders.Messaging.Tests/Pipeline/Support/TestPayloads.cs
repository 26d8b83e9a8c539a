using System.Text;
using Orders.Contracts;
using Orders.Contracts.Json;
using Orders.Contracts.Messaging;

namespace Orders.Messaging.Tests.Pipeline.Support;

/// <summary>Contract payloads for the tests.</summary>
public static class TestPayloads
{
    public static byte[] SubmitOrder(string orderId, int quantity = 1) =>
        OrdersJson.Serialize(new SubmitOrder(orderId, "c-1", "USD", [new OrderItem("SKU-1", quantity, 9.99m)]));

    public static byte[] Shipped(string orderId, int version) =>
        OrdersJson.Serialize(new OrderShipped(
            EventIds.ForOrderEvent(Subjects.Orders.Shipped, orderId, version), orderId, version, DateTimeOffset.UnixEpoch, "r-" + orderId));

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
