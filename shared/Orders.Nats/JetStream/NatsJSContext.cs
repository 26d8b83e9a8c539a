using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Orders.Nats.JetStream.Internal;

namespace Orders.Nats.JetStream;

/// <summary>
/// JetStream on top of a <see cref="NatsConnection"/>: streams and consumers (JSON API on
/// <c>$JS.API.&gt;</c>), publishing with acknowledgements, push and pull consumption.
/// Cheap to create and safe to share; it owns no resources besides the subscriptions of the
/// enumerations and publishers it hands out, and the reply inboxes of recent fetches (unsubscribed
/// after some seconds without fetching).
/// </summary>
public sealed partial class NatsJSContext
{
    private static readonly TimeSpan NotReadyFirstDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan NotReadyMaxDelay = TimeSpan.FromMilliseconds(500);

    private readonly ILogger<NatsJSContext> _logger;
    private readonly FetchInboxPool _fetchInboxes;

    /// <summary>Creates a context on <paramref name="connection"/>.</summary>
    public NatsJSContext(NatsConnection connection, NatsJSOpts? opts = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Connection = connection;
        Opts = opts ?? NatsJSOpts.Default;
        _logger = connection.Opts.LoggerFactory.CreateLogger<NatsJSContext>();
        _fetchInboxes = new FetchInboxPool(this);
    }

    /// <summary>The connection every call goes through.</summary>
    public NatsConnection Connection { get; }

    /// <summary>The options.</summary>
    public NatsJSOpts Opts { get; }

    internal ILogger Logger => _logger;

    /// <summary>
    /// One JSON API round trip: serialize, request with retry while JetStream is not ready, map an
    /// error body to a typed exception, deserialize.
    /// </summary>
    internal ValueTask<TResponse> RequestApiAsync<TRequest, TResponse>(
        string apiSubject, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken ct) =>
        RequestApiAsync(apiSubject, JsonSerializer.SerializeToUtf8Bytes(request, requestType), responseType, ct);

    internal async ValueTask<TResponse> RequestApiAsync<TResponse>(
        string apiSubject, ReadOnlyMemory<byte> body, JsonTypeInfo<TResponse> responseType, CancellationToken ct)
    {
        var reply = await RequestWithRetryAsync($"{Opts.ApiPrefix}.{apiSubject}", body, headers: null, ct).ConfigureAwait(false);
        ThrowIfApiError(reply.Data.Span);
        return JsonSerializer.Deserialize(reply.Data.Span, responseType)
            ?? throw new NatsJSException($"Empty JetStream API response on {apiSubject}.");
    }

    /// <summary>
    /// A request that treats "no responders" as "not ready yet" for <see cref="NatsJSOpts.NotReadyRetryWindow"/>.
    /// Retrying is safe: a 503 means no server process received the message.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    internal async ValueTask<NatsMsg> RequestWithRetryAsync(string subject, ReadOnlyMemory<byte> body, NatsHeaders? headers, CancellationToken ct)
    {
        DateTimeOffset? deadline = null;
        var delay = NotReadyFirstDelay;
        while (true)
        {
            try
            {
                return await Connection.RequestAsync(subject, body, headers, Opts.RequestTimeout, ct).ConfigureAwait(false);
            }
            catch (NatsNoRespondersException ex)
            {
                deadline ??= DateTimeOffset.UtcNow + Opts.NotReadyRetryWindow;
                if (DateTimeOffset.UtcNow + delay > deadline)
                {
                    throw new NatsJSNotAvailableException(
                        subject,
                        $"No JetStream responder for '{subject}' within {Opts.NotReadyRetryWindow.TotalSeconds:0.#}s: " +
                        "JetStream is not enabled or not ready, or no stream listens on this subject.",
                        ex);
                }

                JSLog.NotReadyRetry(_logger, subject, delay.TotalMilliseconds);
                await Task.Delay(delay, ct).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, NotReadyMaxDelay.Ticks));
            }
        }
    }

    internal static void ThrowIfApiError(ReadOnlySpan<byte> json)
    {
        // Only error responses contain this key at all; skip the second parse for the rest.
        if (json.IndexOf("\"error\""u8) < 0)
        {
            return;
        }

        var envelope = JsonSerializer.Deserialize(json, JetStreamJsonContext.Default.ApiErrorResponse);
        if (envelope?.Error is { } error)
        {
            throw NatsJSApiException.From(error);
        }
    }

    private static string Token(string value, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, paramName);
        if (value.AsSpan().IndexOfAny(". *>") >= 0)
        {
            throw new ArgumentException($"'{value}' may not contain '.', ' ', '*' or '>'.", paramName);
        }

        return value;
    }
}
