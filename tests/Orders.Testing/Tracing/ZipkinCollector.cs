using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
namespace Orders.Testing.Tracing;

/// <summary>One span as the services' Zipkin exporter sends it (Zipkin v2 JSON).</summary>
public sealed record ZipkinSpan(
    [property: JsonPropertyName("traceId")] string TraceId,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("parentId")] string? ParentId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string? Kind,
    [property: JsonPropertyName("timestamp")] long Timestamp,
    [property: JsonPropertyName("duration")] long Duration,
    [property: JsonPropertyName("localEndpoint")] ZipkinEndpoint? LocalEndpoint,
    [property: JsonPropertyName("tags")] Dictionary<string, string>? Tags)
{
    public string Service => LocalEndpoint?.ServiceName ?? "";

    public string? Tag(string key) => Tags is not null && Tags.TryGetValue(key, out var value) ? value : null;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Service} '{Name}' {Id} <- {ParentId ?? "root"} ({Duration} µs)");
}

/// <summary>The <c>localEndpoint</c> of a Zipkin span.</summary>
public sealed record ZipkinEndpoint([property: JsonPropertyName("serviceName")] string? ServiceName);

/// <summary>
/// The smallest Zipkin collector: <c>POST /api/v2/spans</c> on a loopback port, spans kept in
/// memory. Stands in for the monitor so tests check what the services and drivers export, not what
/// some receiver makes of it.
/// </summary>
public sealed class ZipkinCollector : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ZipkinSpan> _spans = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private ZipkinCollector(int port)
    {
        Endpoint = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/api/v2/spans";
        _listener.Prefixes.Add($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/api/v2/spans/");
        _listener.Start();
        _loop = Task.Run(() => ReceiveAsync(_stop.Token));
    }

    /// <summary>Where to send spans (<c>Tracing:ZipkinEndpoint</c>).</summary>
    public string Endpoint { get; }

    /// <summary>Bodies that could not be read as Zipkin v2 JSON (should stay 0).</summary>
    public int Rejected { get; private set; }

    public IReadOnlyList<ZipkinSpan> Spans => [.. _spans];

    public static ZipkinCollector Start() => new(FreePort.Next());

    private async Task ReceiveAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().WaitAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            try
            {
                var spans = await JsonSerializer.DeserializeAsync<List<ZipkinSpan>>(context.Request.InputStream, cancellationToken: ct).ConfigureAwait(false);
                foreach (var span in spans ?? [])
                {
                    _spans.Enqueue(span);
                }

                context.Response.StatusCode = (int)HttpStatusCode.Accepted;
            }
            catch (JsonException)
            {
                Rejected++;
                context.Response.StatusCode = (int)HttpStatusCode.BadRequest;
            }

            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Close();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
