using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Orders.Contracts.Json;
using Orders.Contracts.Validation;
using static Orders.Contracts.OrderStatus;

namespace Orders.Contracts.Messaging;

// The subject of every command and event sits here, beside its row below, so a new message is one
// edit in this file (plus its record and its line in OrdersJsonContext): see the README.
public static partial class Subjects
{
    public static partial class Commands
    {
        public const string SubmitOrder = "commands.submit-order";
        public const string UpdateStatus = "commands.update-status";
    }

    public static partial class Orders
    {
        public const string Created = "orders.created";
        public const string Paid = "orders.paid";
        public const string PaymentFailed = "orders.payment-failed";
        public const string Shipped = "orders.shipped";
        public const string Delivered = "orders.delivered";
        public const string Cancelled = "orders.cancelled";
        public const string UpdateRejected = "orders.update-rejected";
    }

    public static partial class Payments
    {
        public const string Captured = "payments.captured";
        public const string Declined = "payments.declined";
        public const string Refunded = "payments.refunded";
    }
}

/// <summary>
/// Every command and event of the contract (docs/contract.md), written once: subject, record type,
/// JSON metadata, stream and, for events that change an order, the lifecycle arrows
/// (<see cref="OrderLifecycle"/> reads them). Decoding, serializing, the monitor, the drivers and the
/// consumers' filters all look messages up here instead of keeping tables of their own.
/// </summary>
public static class ContractRegistry
{
    private static readonly OrdersJsonContext Json = OrdersJsonContext.Default;

    /// <summary>Every row, in the contract's order: commands, order events, payment events.</summary>
    public static IReadOnlyList<ContractMessage> All { get; } =
    [
        new ContractMessage<SubmitOrder>(Subjects.Commands.SubmitOrder, Json.SubmitOrder, Streams.Commands,
            c => c.OrderId, c => EventIds.ForSubmitOrder(c.OrderId), CommandValidator.Validate),
        new ContractMessage<UpdateStatus>(Subjects.Commands.UpdateStatus, Json.UpdateStatus, Streams.Commands,
            c => c.OrderId, c => EventIds.ForUpdateStatus(c.RequestId), CommandValidator.Validate),

        Event(Subjects.Orders.Created, Json.OrderCreated, Streams.Orders, new OrderMove([null], Created)),
        Event(Subjects.Orders.Paid, Json.OrderPaid, Streams.Orders, new OrderMove([Created], Paid)),
        Event(Subjects.Orders.PaymentFailed, Json.OrderPaymentFailed, Streams.Orders, new OrderMove([Created], PaymentFailed)),
        Event(Subjects.Orders.Shipped, Json.OrderShipped, Streams.Orders, new OrderMove([Paid], Shipped)),
        Event(Subjects.Orders.Delivered, Json.OrderDelivered, Streams.Orders, new OrderMove([OrderStatus.Shipped], Delivered)),
        Event(Subjects.Orders.Cancelled, Json.OrderCancelled, Streams.Orders, new OrderMove([Created, Paid], Cancelled)),
        Event(Subjects.Orders.UpdateRejected, Json.OrderUpdateRejected, Streams.Orders),

        Event(Subjects.Payments.Captured, Json.PaymentCaptured, Streams.Payments),
        Event(Subjects.Payments.Declined, Json.PaymentDeclined, Streams.Payments),
        Event(Subjects.Payments.Refunded, Json.PaymentRefunded, Streams.Payments),
    ];

    private static readonly FrozenDictionary<string, ContractMessage> BySubject =
        All.ToFrozenDictionary(m => m.Subject, StringComparer.Ordinal);

    private static readonly FrozenDictionary<Type, ContractMessage> ByType = All.ToFrozenDictionary(m => m.Type);

    /// <summary>The commands and events stored in <paramref name="stream"/>.</summary>
    public static IEnumerable<ContractMessage> In(StreamSpec stream) => All.Where(m => m.Stream == stream);

    /// <summary>The row of a command or event subject; false for any other subject.</summary>
    public static bool TryFind(string? subject, [NotNullWhen(true)] out ContractMessage? message)
    {
        message = null;
        return subject is not null && BySubject.TryGetValue(subject, out message);
    }

    /// <summary>The row of a record type; false when the type is not a message of the contract.</summary>
    public static bool TryFind(Type type, [NotNullWhen(true)] out ContractMessage? message)
    {
        ArgumentNullException.ThrowIfNull(type);
        return ByType.TryGetValue(type, out message);
    }

    /// <summary>The row of the record type <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a message of the contract.</exception>
    public static ContractMessage<T> For<T>()
        where T : class =>
        TryFind(typeof(T), out var message)
            ? (ContractMessage<T>)message
            : throw new ArgumentException($"{typeof(T).Name} is not a message of the contract; add a row to {nameof(ContractRegistry)}.");

    /// <summary>
    /// A message as UTF-8 JSON, by its run-time type: for code holding an <see cref="IEvent"/>, whose
    /// interface is not part of the JSON contract.
    /// </summary>
    /// <exception cref="ArgumentException">The message's type is not part of the contract.</exception>
    public static byte[] Serialize(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return TryFind(message.GetType(), out var row)
            ? row.Serialize(message)
            : throw new ArgumentException($"{message.GetType().Name} is not a message of the contract.", nameof(message));
    }

    private static ContractMessage<T> Event<T>(string subject, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, StreamSpec stream, OrderMove? move = null)
        where T : class, IEvent =>
        new(subject, typeInfo, stream, e => e.OrderId, e => e.EventId, move: move);
}
