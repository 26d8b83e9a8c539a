using System.Collections.Immutable;
using Orders.Contracts;
using Orders.Contracts.Messaging;
using Orders.Contracts.Validation;

namespace Orders.OrderService.Domain;

public static partial class OrderDecider
{
    /// <summary>
    /// <c>commands.submit-order</c>: a valid new order is created (version 1); the same content
    /// again is <see cref="OrderDecision.AlreadyApplied"/>; other content under an existing id,
    /// or an invalid command, is dead-lettered.
    /// </summary>
    public static OrderDecision Decide(Order? state, SubmitOrder command, DateTimeOffset occurredAt)
    {
        ArgumentNullException.ThrowIfNull(command);
        var problems = CommandValidator.Validate(command);
        if (problems.Count > 0)
        {
            return new OrderDecision.DeadLetter("invalid submit-order: " + string.Join("; ", problems));
        }

        EnsureSameOrder(state, command.OrderId);
        var fingerprint = ContentFingerprint.Of(command);
        if (state is not null)
        {
            return state.ContentFingerprint == fingerprint
                ? OrderDecision.AlreadyApplied.Instance
                : new OrderDecision.DeadLetter(
                    $"order {command.OrderId} already exists with different content (customerId, currency or items differ)");
        }

        // Prices are published normalised (19.990 as 19.99) so every reader sees contract money.
        var items = command.Items.Select(item => item with { UnitPrice = Money.Normalize(item.UnitPrice) }).ToArray();
        var total = Money.Total(items);
        const int version = 1;

        var created = new OrderCreated(
            EventIds.ForOrderEvent(Subjects.Orders.Created, command.OrderId, version),
            command.OrderId,
            version,
            occurredAt,
            command.CustomerId,
            items,
            total,
            command.Currency);

        return new OrderDecision.Apply(created, Order.Create(created, fingerprint));
    }

    /// <summary>
    /// <c>commands.update-status</c>, checked in this order: invalid (dead letter); unknown
    /// order; request already answered (nothing); order terminal (invalid-transition, which is
    /// also what the loser of a race gets when the winner ended the order); expectedVersion
    /// differs (version-conflict); no lifecycle arrow (invalid-transition); else applied.
    /// </summary>
    public static OrderDecision Decide(Order? state, UpdateStatus command, DateTimeOffset occurredAt)
    {
        ArgumentNullException.ThrowIfNull(command);
        var problems = CommandValidator.Validate(command);
        if (problems.Count > 0)
        {
            return new OrderDecision.DeadLetter("invalid update-status: " + string.Join("; ", problems));
        }

        EnsureSameOrder(state, command.OrderId);
        if (state is null)
        {
            return Reject(null, command, RejectionReasons.UnknownOrder, occurredAt);
        }

        if (state.HasHandled(command.RequestId))
        {
            return OrderDecision.AlreadyApplied.Instance;
        }

        if (state.IsTerminal)
        {
            return Reject(state, command, RejectionReasons.InvalidTransition, occurredAt);
        }

        if (command.ExpectedVersion is { } expected && expected != state.Version)
        {
            return Reject(state, command, RejectionReasons.VersionConflict, occurredAt);
        }

        if (!OrderLifecycle.CanMove(state.Status, command.Status))
        {
            return Reject(state, command, RejectionReasons.InvalidTransition, occurredAt);
        }

        var version = state.Version + 1;
        IVersionedOrderEvent changed = command.Status switch
        {
            OrderStatus.Shipped => new OrderShipped(
                EventIds.ForOrderEvent(Subjects.Orders.Shipped, state.OrderId, version), state.OrderId, version, occurredAt, command.RequestId),
            OrderStatus.Delivered => new OrderDelivered(
                EventIds.ForOrderEvent(Subjects.Orders.Delivered, state.OrderId, version), state.OrderId, version, occurredAt, command.RequestId),
            OrderStatus.Cancelled => new OrderCancelled(
                EventIds.ForOrderEvent(Subjects.Orders.Cancelled, state.OrderId, version), state.OrderId, version, occurredAt, command.RequestId),
            _ => throw new InvalidOperationException($"Validation let status {command.Status} through."),
        };

        var next = state.Apply(changed) with { HandledRequestIds = state.HandledRequestIds.Add(command.RequestId) };
        return new OrderDecision.Apply(changed, next);
    }

    private static OrderDecision.Reject Reject(Order? state, UpdateStatus command, string reason, DateTimeOffset occurredAt)
    {
        var rejected = new OrderUpdateRejected(
            EventIds.ForRejection(command.RequestId),
            command.OrderId,
            occurredAt,
            command.RequestId,
            reason,
            CurrentStatus: state?.Status,
            CurrentVersion: state?.Version ?? 0);

        // The version stays: a rejection is not a change of the order, only a remembered answer.
        var remembered = state is null
            ? null
            : state with { HandledRequestIds = state.HandledRequestIds.Add(command.RequestId) };

        return new OrderDecision.Reject(rejected, remembered);
    }
}
