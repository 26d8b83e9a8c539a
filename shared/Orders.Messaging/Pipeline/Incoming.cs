using System.Diagnostics;

namespace Orders.Messaging.Pipeline;

/// <summary>
/// What an entity actor receives from the pipeline (as an Ask) for one delivered message; it must
/// reply with a <see cref="MessageOutcome"/>.
/// </summary>
/// <typeparam name="TMessage">The contract record: a command (<c>SubmitOrder</c>, <c>UpdateStatus</c>) or an event.</typeparam>
/// <param name="Message">The decoded, validated message.</param>
/// <param name="MessageId">The inbox key: the event's <c>eventId</c>, <c>submit-order:&lt;orderId&gt;</c> or <c>update-status:&lt;requestId&gt;</c>.</param>
/// <param name="Subject">The subject it was published on.</param>
/// <param name="Delivery">Where it sits in its stream and how often it was delivered.</param>
public sealed record Incoming<TMessage>(TMessage Message, string MessageId, string Subject, DeliveryInfo Delivery) : IIncoming
    where TMessage : class
{
    object IIncoming.Message => Message;
}

/// <summary>A delivered message's position in its stream and its delivery count.</summary>
/// <param name="Stream">The stream, e.g. <c>ORDERS</c>.</param>
/// <param name="StreamSequence">Its sequence in the stream (stable across redeliveries).</param>
/// <param name="NumDelivered">1 for the first delivery; more means a redelivery.</param>
/// <param name="Timestamp">When the stream stored it.</param>
/// <param name="Trace">
/// The trace it is handled in (the pipeline's consumer span, or the publisher's <c>traceparent</c>
/// when nothing records spans here); default when untraced. Actors do not see <see cref="Activity.Current"/>
/// of the pipeline (an Ask does not carry the execution context), so it travels here.
/// </param>
public sealed record DeliveryInfo(string Stream, ulong StreamSequence, int NumDelivered, DateTimeOffset Timestamp, ActivityContext Trace = default);
