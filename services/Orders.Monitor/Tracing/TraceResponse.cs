namespace Orders.Monitor.Tracing;

/// <summary>
/// <c>GET /api/orders/{orderId}/trace</c>: the order's trace, spans by start time.
/// </summary>
/// <param name="TraceId">The W3C trace id (32 hex digits).</param>
/// <param name="Spans">Every span of the trace still in the window.</param>
internal sealed record TraceResponse(string TraceId, IReadOnlyList<TraceSpan> Spans);

/// <summary>One span of <see cref="TraceResponse"/>.</summary>
/// <param name="Service">The service that recorded it (<c>push-order</c>, <c>order-service</c>...).</param>
/// <param name="Name">What it covers, e.g. <c>process orders.created</c>, <c>queue wait</c>, <c>commit</c>.</param>
/// <param name="SpanId">Its id (16 hex digits).</param>
/// <param name="ParentId">Its parent's id; null for the root.</param>
/// <param name="Start">When it started, in microseconds since the Unix epoch.</param>
/// <param name="DurationMicros">How long it took, in microseconds.</param>
/// <param name="Kind">PRODUCER, CONSUMER, SERVER, CLIENT, or null for an internal span.</param>
internal sealed record TraceSpan(string Service, string Name, string SpanId, string? ParentId, long Start, long DurationMicros, string? Kind);
