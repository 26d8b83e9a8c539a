using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orders.Monitor.Tests.Support;

namespace Orders.Monitor.Tests.Tracing;

/// <summary>The monitor as a Zipkin collector: <c>POST /api/v2/spans</c> in, <c>GET /api/orders/{id}/trace</c> out.</summary>
[Collection(MonitorCollection.Name)]
public sealed class TraceApiTests(RestrictedNatsFixture fixture)
{
    // As OpenTelemetry's Zipkin exporter sends them (fields it sends that the monitor ignores included).
    private const string Spans = """
        [
          {"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","id":"00f067aa0ba902b7","name":"publish commands.submit-order","kind":"PRODUCER",
           "timestamp":1764950000000000,"duration":1500,"localEndpoint":{"serviceName":"push-order"},"tags":{"orders.order_id":"o-trace-1"}},
          {"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","id":"b7ad6b7169203331","parentId":"00f067aa0ba902b7","name":"process commands.submit-order",
           "kind":"CONSUMER","timestamp":1764950000000400,"duration":9000,"localEndpoint":{"serviceName":"order-service"},
           "tags":{"orders.order_id":"o-trace-1","otel.scope.name":"Orders.Messaging"}}
        ]
        """;

    [Fact]
    public async Task Trace_SpansPosted_ServesTheOrdersTraceWithParentLinks()
    {
        await using var monitor = await MonitorInstance.StartAsync(fixture.Nats);
        using var http = new HttpClient { BaseAddress = monitor.BaseAddress };

        using var posted = await http.PostAsync("api/v2/spans", new StringContent(Spans, Encoding.UTF8, "application/json"));
        var trace = await http.GetFromJsonAsync<JsonElement>("api/orders/o-trace-1/trace");

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", trace.GetProperty("traceId").GetString());
        var spans = trace.GetProperty("spans").EnumerateArray().ToList();
        Assert.Equal(
            [("push-order", "publish commands.submit-order", "00f067aa0ba902b7", (string?)null, 1764950000000000L, 1500L),
             ("order-service", "process commands.submit-order", "b7ad6b7169203331", "00f067aa0ba902b7", 1764950000000400L, 9000L)],
            spans.Select(s => (s.GetProperty("service").GetString(), s.GetProperty("name").GetString(), s.GetProperty("spanId").GetString(),
                s.GetProperty("parentId").GetString(), s.GetProperty("start").GetInt64(), s.GetProperty("durationMicros").GetInt64())));
    }

    [Fact]
    public async Task Trace_UnknownOrderOrMalformedBody_NotFoundAndBadRequest()
    {
        await using var monitor = await MonitorInstance.StartAsync(fixture.Nats);
        using var http = new HttpClient { BaseAddress = monitor.BaseAddress };

        using var unknown = await http.GetAsync("api/orders/o-never/trace");
        using var malformed = await http.PostAsync("api/v2/spans", new StringContent("{not json", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }
}
