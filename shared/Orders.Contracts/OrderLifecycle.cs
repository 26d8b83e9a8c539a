namespace Orders.Contracts;

/// <summary>
/// The order lifecycle of the contract (docs/contract.md, "Order lifecycle"), written once, as
/// arrows: each event of ORDERS that changes an order moves it along one of them.
/// <code>
/// Created --payment captured--> Paid --Shipped--> Shipped --Delivered--> Delivered
///    |   \--payment declined--> PaymentFailed
///    \--Cancelled--> Cancelled &lt;--Cancelled-- Paid
/// </code>
/// The arrows are declared in the rows of <see cref="Messaging.ContractRegistry"/> (each event with the
/// statuses it moves an order from and the one it leaves it in), so a new event brings its arrows in
/// the same line; the event records' <c>StatusAfter</c>, the update-status check and every state
/// change of order-service read them through this class.
/// </summary>
public static class OrderLifecycle
{
    // From = null: the event that brings the order into existence.
    private static readonly Arrow[] Arrows =
    [
        .. Messaging.ContractRegistry.All.SelectMany(message => message.Move is { } move
            ? move.From.Select(from => new Arrow(from, message.Type, move.To))
            : Enumerable.Empty<Arrow>()),
    ];

    /// <summary>Delivered, PaymentFailed and Cancelled: nothing moves an order out of these.</summary>
    public static bool IsTerminal(OrderStatus status) => !Arrows.Any(a => a.From == status);

    /// <summary>True when the lifecycle has an arrow from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanMove(OrderStatus from, OrderStatus to) => Arrows.Any(a => a.From == from && a.To == to);

    /// <summary>The status every event of this type leaves an order in.</summary>
    public static OrderStatus StatusAfter(IVersionedOrderEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Arrows.First(a => a.Event == change.GetType()).To;
    }

    /// <summary>
    /// The one place an order's status changes: the status after <paramref name="change"/> for an
    /// order in <paramref name="current"/> (null: no order yet).
    /// </summary>
    /// <exception cref="InvalidOperationException">The lifecycle has no such arrow: a bug in the caller's rules, never a message problem.</exception>
    public static OrderStatus Next(OrderStatus? current, IVersionedOrderEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var type = change.GetType();
        var arrow = Arrows.FirstOrDefault(a => a.From == current && a.Event == type)
            ?? throw new InvalidOperationException(
                $"The order lifecycle has no arrow {type.Name} from {current?.ToString() ?? "no order"} (order {change.OrderId}).");
        return arrow.To;
    }

    private sealed record Arrow(OrderStatus? From, Type Event, OrderStatus To);
}
