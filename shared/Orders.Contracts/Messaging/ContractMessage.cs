using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;
using Orders.Contracts.Json;

namespace Orders.Contracts.Messaging;

/// <summary>
/// One row of <see cref="ContractRegistry"/>: a command or event of the contract with its subject,
/// record type, source-generated JSON metadata, stream and, for an event that changes an order, the
/// lifecycle arrows it moves along.
/// </summary>
public abstract class ContractMessage
{
    private protected ContractMessage(string subject, Type type, StreamSpec stream, OrderMove? move)
    {
        Subject = subject;
        Type = type;
        Stream = stream;
        Move = move;
    }

    /// <summary>The subject it is published on, e.g. <c>orders.paid</c>.</summary>
    public string Subject { get; }

    /// <summary>The last token of <see cref="Subject"/>, the <c>&lt;type&gt;</c> of event ids (<c>paid</c>).</summary>
    public string Token => Subjects.LastToken(Subject);

    /// <summary>The record it is read into, e.g. <see cref="OrderPaid"/>.</summary>
    public Type Type { get; }

    /// <summary>The stream that stores it.</summary>
    public StreamSpec Stream { get; }

    /// <summary>The JSON metadata from <see cref="OrdersJsonContext"/>.</summary>
    public abstract JsonTypeInfo TypeInfo { get; }

    /// <summary>True for events (ORDERS and PAYMENTS), false for commands.</summary>
    public bool IsEvent => typeof(IEvent).IsAssignableFrom(Type);

    /// <summary>
    /// For an event that changes an order (<see cref="IVersionedOrderEvent"/>): the statuses it moves an
    /// order from and the one it leaves it in; null for commands and for events that change no order.
    /// </summary>
    public OrderMove? Move { get; }

    /// <summary>The status an order is in after this event; null when the message changes no order.</summary>
    public OrderStatus? StatusAfter => Move?.To;

    /// <summary>The message as UTF-8 JSON, exactly as <see cref="OrdersJson.Serialize{T}(T)"/> writes it.</summary>
    /// <exception cref="ArgumentException"><paramref name="message"/> is not of <see cref="Type"/>.</exception>
    public abstract byte[] Serialize(object message);

    /// <summary>Writes the message as UTF-8 JSON into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="message"/> is not of <see cref="Type"/>.</exception>
    public abstract void Serialize(IBufferWriter<byte> destination, object message);

    /// <summary>Reads the payload as <see cref="Type"/>; never throws for bad input (see <see cref="OrdersJson.TryDeserialize{T}"/>).</summary>
    public abstract bool TryDeserialize(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out object? message, out string error);

    /// <summary>Calls back with the record type as a type argument, for code that needs it at compile time.</summary>
    public abstract TResult Accept<TResult>(IContractMessageVisitor<TResult> visitor);
}

/// <summary>A row of <see cref="ContractRegistry"/> for the record type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The command or event record.</typeparam>
public sealed class ContractMessage<T> : ContractMessage
    where T : class
{
    internal ContractMessage(
        string subject,
        JsonTypeInfo<T> typeInfo,
        StreamSpec stream,
        Func<T, string> orderId,
        Func<T, string> messageId,
        Func<T, IReadOnlyList<string>>? validate = null,
        OrderMove? move = null)
        : base(subject, typeof(T), stream, move)
    {
        TypedInfo = typeInfo;
        OrderId = orderId;
        MessageId = messageId;
        Validate = validate;
    }

    /// <inheritdoc />
    public override JsonTypeInfo TypeInfo => TypedInfo;

    /// <summary>The JSON metadata, typed.</summary>
    public JsonTypeInfo<T> TypedInfo { get; }

    /// <summary>The order the message is about (the key of the entity that handles it).</summary>
    public Func<T, string> OrderId { get; }

    /// <summary>The message's <c>Nats-Msg-Id</c>: an event's id, or the deterministic id of a command (<see cref="EventIds"/>).</summary>
    public Func<T, string> MessageId { get; }

    /// <summary>The contract's rules beyond the JSON shape (commands, <see cref="Validation.CommandValidator"/>); null for events.</summary>
    public Func<T, IReadOnlyList<string>>? Validate { get; }

    /// <inheritdoc />
    public override byte[] Serialize(object message) => OrdersJson.Serialize(Cast(message));

    /// <inheritdoc />
    public override void Serialize(IBufferWriter<byte> destination, object message) => OrdersJson.Serialize(destination, Cast(message));

    /// <inheritdoc />
    public override bool TryDeserialize(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out object? message, out string error)
    {
        var ok = OrdersJson.TryDeserialize<T>(utf8Json, out var value, out error);
        message = value;
        return ok;
    }

    /// <inheritdoc />
    public override TResult Accept<TResult>(IContractMessageVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.Visit(this);
    }

    private T Cast(object message) => message as T
        ?? throw new ArgumentException($"{message?.GetType().Name ?? "null"} is not {typeof(T).Name}, the record of {Subject}.", nameof(message));
}

/// <summary>Gets each <see cref="ContractMessage{T}"/> with its record type as a type argument.</summary>
/// <typeparam name="TResult">What the visit returns.</typeparam>
public interface IContractMessageVisitor<out TResult>
{
    /// <summary>Called with the row of the record type <typeparamref name="T"/>.</summary>
    TResult Visit<T>(ContractMessage<T> message)
        where T : class;
}

/// <summary>The lifecycle arrows an event moves an order along: from any of <see cref="From"/> to <see cref="To"/>.</summary>
/// <param name="From">The statuses it applies to; null stands for "no order yet" (the creating event).</param>
/// <param name="To">The status the order is in afterwards.</param>
public sealed record OrderMove(IReadOnlyList<OrderStatus?> From, OrderStatus To);
