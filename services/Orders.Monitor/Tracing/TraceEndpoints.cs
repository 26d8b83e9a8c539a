using System.Text.Json;

namespace Orders.Monitor.Tracing;

/// <summary>
/// The monitor as a small Zipkin collector: <c>POST /api/v2/spans</c> (Zipkin v2 JSON, what the
/// services' exporter sends) and <c>GET /api/orders/{orderId}/trace</c> for the page's waterfall.
/// </summary>
internal static class TraceEndpoints
{
    public const string SpansPath = "/api/v2/spans";

    public static WebApplication MapTraces(this WebApplication app)
    {
        app.MapPost(SpansPath, async Task<IResult> (HttpRequest request, TraceStore store, CancellationToken ct) =>
        {
            List<ZipkinSpan>? spans;
            try
            {
                spans = await JsonSerializer.DeserializeAsync(request.Body, TraceJsonContext.Default.ListZipkinSpan, ct).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                return TypedResults.BadRequest(ex.Message);
            }

            store.Add(spans ?? []);
            return TypedResults.Accepted((string?)null);
        });
        app.MapGet("/api/orders/{orderId}/trace", IResult (string orderId, TraceStore store) =>
            store.TraceOf(orderId) is { } trace ? TypedResults.Json(trace, TraceJsonContext.Default.TraceResponse) : TypedResults.NotFound());
        return app;
    }
}
