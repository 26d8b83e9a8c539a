namespace Orders.Monitor.Tracing;

/// <summary>
/// The spans the services sent, in a window of the most recent <c>capacity</c> spans (the oldest
/// go first), indexed by trace and by the <c>orders.order_id</c> tag our spans carry. An order
/// maps to the trace with the most of its spans: a re-sent duplicate command makes a one-span
/// trace of its own (the stream drops the message), which must not hide the real journey.
/// </summary>
internal sealed class TraceStore
{
    /// <summary>The span tag that names the order (set by Orders.Messaging and the drivers).</summary>
    public const string OrderIdTag = "orders.order_id";

    private readonly Lock _lock = new();
    private readonly int _capacity;
    private readonly Queue<StoredSpan> _window = new();
    private readonly Dictionary<string, List<StoredSpan>> _traces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _traceOfOrder = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _ordersOfTrace = new(StringComparer.Ordinal);

    public TraceStore(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Spans in the window.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _window.Count;
            }
        }
    }

    /// <summary>Adds what one POST carried; spans without a trace id or span id are skipped. Returns how many were kept.</summary>
    public int Add(IEnumerable<ZipkinSpan> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        var added = 0;
        lock (_lock)
        {
            foreach (var span in spans)
            {
                if (string.IsNullOrEmpty(span.TraceId) || string.IsNullOrEmpty(span.Id))
                {
                    continue;
                }

                var stored = new StoredSpan(span.TraceId, span.Tags?.GetValueOrDefault(OrderIdTag), ToTraceSpan(span));
                _window.Enqueue(stored);
                if (!_traces.TryGetValue(stored.TraceId, out var trace))
                {
                    _traces[stored.TraceId] = trace = [];
                }

                trace.Add(stored);
                if (stored.OrderId is { } orderId)
                {
                    Index(orderId, stored.TraceId, trace.Count);
                }

                added++;
                while (_window.Count > _capacity)
                {
                    Evict(_window.Dequeue());
                }
            }
        }

        return added;
    }

    /// <summary>The order's trace, spans by start time; null when no span of it is in the window.</summary>
    public TraceResponse? TraceOf(string orderId)
    {
        lock (_lock)
        {
            if (!_traceOfOrder.TryGetValue(orderId, out var traceId))
            {
                return null;
            }

            var spans = _traces[traceId].Select(s => s.Span).OrderBy(s => s.Start).ThenBy(s => s.SpanId, StringComparer.Ordinal).ToList();
            return new TraceResponse(traceId, spans);
        }
    }

    private void Index(string orderId, string traceId, int spansInTrace)
    {
        if (_traceOfOrder.TryGetValue(orderId, out var current)
            && current != traceId
            && _traces.TryGetValue(current, out var currentSpans)
            && currentSpans.Count >= spansInTrace)
        {
            return;
        }

        _traceOfOrder[orderId] = traceId;
        if (!_ordersOfTrace.TryGetValue(traceId, out var orders))
        {
            _ordersOfTrace[traceId] = orders = new HashSet<string>(StringComparer.Ordinal);
        }

        orders.Add(orderId);
    }

    private void Evict(StoredSpan oldest)
    {
        var trace = _traces[oldest.TraceId];
        trace.Remove(oldest);
        if (trace.Count > 0)
        {
            return;
        }

        _traces.Remove(oldest.TraceId);
        if (_ordersOfTrace.Remove(oldest.TraceId, out var orders))
        {
            foreach (var orderId in orders)
            {
                if (_traceOfOrder.TryGetValue(orderId, out var traceId) && traceId == oldest.TraceId)
                {
                    _traceOfOrder.Remove(orderId);
                }
            }
        }
    }

    private static TraceSpan ToTraceSpan(ZipkinSpan span) => new(
        span.LocalEndpoint?.ServiceName ?? "unknown",
        span.Name ?? "",
        span.Id!,
        string.IsNullOrEmpty(span.ParentId) ? null : span.ParentId,
        span.Timestamp,
        span.Duration,
        span.Kind);

    private sealed record StoredSpan(string TraceId, string? OrderId, TraceSpan Span);
}
