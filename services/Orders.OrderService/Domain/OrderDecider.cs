using Orders.Contracts;

namespace Orders.OrderService.Domain;

/// <summary>
/// The order rules of the contract as pure functions: (current order or null, message, time)
/// to an <see cref="OrderDecision"/>. No I/O and no clock, so every rule is a plain unit test,
/// and an actor that lost an optimistic-concurrency race simply reloads and decides again.
/// Split by message family: commands in <c>OrderDecider.Commands.cs</c>, payment outcomes in
/// <c>OrderDecider.Payments.cs</c>.
/// </summary>
public static partial class OrderDecider
{
    // A state for another order is a routing bug in the caller, never a message problem.
    private static void EnsureSameOrder(Order? state, string orderId)
    {
        if (state is not null && !string.Equals(state.OrderId, orderId, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The state of order {state.OrderId} was passed with a message for order {orderId}.", nameof(state));
        }
    }
}
