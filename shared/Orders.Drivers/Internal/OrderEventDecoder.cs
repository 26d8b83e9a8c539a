using Orders.Contracts;
using Orders.Contracts.Messaging;

namespace Orders.Drivers.Internal;

/// <summary>Decodes an ORDERS message by its subject (its row of <see cref="ContractRegistry"/>) into the contract's event record.</summary>
internal static class OrderEventDecoder
{
    public static bool TryDecode(string subject, ReadOnlySpan<byte> payload, out IOrderEvent? evt)
    {
        evt = ContractRegistry.TryFind(subject, out var message)
            && message.Stream == Streams.Orders
            && message.TryDeserialize(payload, out var value, out _)
                ? value as IOrderEvent
                : null;
        return evt is not null;
    }
}
