using Orders.Monitor.Tracing;

namespace Orders.Monitor.Tests.Tracing;

public sealed class TraceStoreTests
{
    [Fact]
    public void TraceOf_SpansOfOneOrder_AllSpansOfItsTraceByStartTime()
    {
        var store = new TraceStore(capacity: 100);
        store.Add([Span("t-1", "b", "a", 20, "o-1"), Span("t-1", "a", null, 10, "o-1"), Span("t-1", "c", "b", 30, orderId: null)]);

        var trace = store.TraceOf("o-1");

        Assert.NotNull(trace);
        Assert.Equal("t-1", trace.TraceId);
        Assert.Equal(["a", "b", "c"], trace.Spans.Select(s => s.SpanId));
        Assert.Equal([null, "a", "b"], trace.Spans.Select(s => s.ParentId));
    }

    [Fact]
    public void Add_MoreSpansThanTheWindow_DropsTheOldestAndForgetsOrdersLeftWithoutSpans()
    {
        var store = new TraceStore(capacity: 2);
        store.Add([Span("t-1", "a", null, 10, "o-1")]);
        store.Add([Span("t-2", "b", null, 20, "o-2"), Span("t-2", "c", "b", 30, "o-2")]);

        Assert.Null(store.TraceOf("o-1"));
        Assert.Equal(2, store.TraceOf("o-2")!.Spans.Count);
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public void TraceOf_DuplicateCommandInATraceOfItsOwn_StillTheTraceWithMostSpans()
    {
        var store = new TraceStore(capacity: 100);
        store.Add([Span("t-1", "a", null, 10, "o-1"), Span("t-1", "b", "a", 20, "o-1")]);

        // A re-sent command: its publish span starts a trace the stream then drops the message of.
        store.Add([Span("t-2", "x", null, 30, "o-1")]);

        Assert.Equal("t-1", store.TraceOf("o-1")!.TraceId);
    }

    [Fact]
    public void Add_SpanWithoutIds_IsSkipped()
    {
        var store = new TraceStore(capacity: 10);

        var kept = store.Add([Span("", "a", null, 10, "o-1"), Span("t-1", "", null, 10, "o-1")]);

        Assert.Equal(0, kept);
        Assert.Null(store.TraceOf("o-1"));
    }

    private static ZipkinSpan Span(string traceId, string id, string? parentId, long start, string? orderId) =>
        new(traceId, id, parentId, "span " + id, null, start, 5, new ZipkinEndpoint("order-service"),
            orderId is null ? null : new Dictionary<string, string> { [TraceStore.OrderIdTag] = orderId });
}
