using System.Text.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Npgsql;
using Orders.Contracts.Messaging;

namespace Orders.Testing.SystemUnderTest;

/// <summary>
/// Everything the invariants look at, read completely at one moment: every message of the four
/// streams (through an ordered consumer, from the first to the last sequence) and the
/// relevant tables of the three databases (superuser connections). Public so fault suites can
/// write checks of their own.
/// </summary>
public sealed record SystemSnapshot(
    IReadOnlyList<StreamMessageRecord> Commands,
    IReadOnlyList<OrderEventRecord> OrderEvents,
    IReadOnlyList<PaymentEventRecord> PaymentEvents,
    IReadOnlyList<DeadLetterRecord> DeadLetters,
    IReadOnlyList<OrderRow> Orders,
    IReadOnlyList<OrderRow> OrderViews,
    IReadOnlyList<GatewayChargeRow> GatewayCharges,
    IReadOnlyDictionary<string, long> UnsentOutbox)
{
    private static readonly TimeSpan StreamReadTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Reads the streams and the databases of <paramref name="system"/>.</summary>
    public static async Task<SystemSnapshot> CaptureAsync(OrdersSystem system, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        var js = system.JetStream;
        var commands = await ReadStreamAsync(js, Streams.Names.Commands, ct).ConfigureAwait(false);
        var orderEvents = (await ReadStreamAsync(js, Streams.Names.Orders, ct).ConfigureAwait(false)).Select(OrderEventRecord.From).ToList();
        var paymentEvents = (await ReadStreamAsync(js, Streams.Names.Payments, ct).ConfigureAwait(false)).Select(PaymentEventRecord.From).ToList();
        var deadLetters = (await ReadStreamAsync(js, Streams.Names.DeadLetter, ct).ConfigureAwait(false)).Select(DeadLetterRecord.From).ToList();

        var started = system.Options.Services;
        var orders = started.Contains(OrdersServiceType.Order)
            ? await QueryAsync(system.AdminConnectionString(OrdersServiceType.Order), "SELECT order_id, status, version FROM orders", ReadOrderRow, ct).ConfigureAwait(false)
            : [];
        var views = started.Contains(OrdersServiceType.Status)
            ? await QueryAsync(system.AdminConnectionString(OrdersServiceType.Status), "SELECT order_id, status, version FROM order_views", ReadOrderRow, ct).ConfigureAwait(false)
            : [];
        var charges = started.Contains(OrdersServiceType.Payment)
            ? await QueryAsync(
                system.AdminConnectionString(OrdersServiceType.Payment),
                "SELECT payment_id, amount, currency FROM gateway_charges",
                r => new GatewayChargeRow(r.GetString(0), r.GetDecimal(1), r.GetString(2)),
                ct).ConfigureAwait(false)
            : [];
        var unsent = await system.CountUnsentOutboxAsync(ct).ConfigureAwait(false);
        return new SystemSnapshot(commands, orderEvents, paymentEvents, deadLetters, orders, views, charges, unsent);
    }

    /// <summary>
    /// Every message of <paramref name="stream"/> up to its last sequence when the read starts, in
    /// sequence order; throws if the count read differs from the count the stream reports. An
    /// ordered consumer (ephemeral, no acks, re-created by the client from the last sequence seen
    /// if a delivery goes missing) reads it as any outside reader could.
    /// </summary>
    public static async Task<IReadOnlyList<StreamMessageRecord>> ReadStreamAsync(INatsJSContext js, string stream, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(js);
        var state = (await js.GetStreamAsync(stream, cancellationToken: ct).ConfigureAwait(false)).Info.State;
        if (state.Messages == 0)
        {
            return [];
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StreamReadTimeout);
        var read = new List<StreamMessageRecord>();
        var consumer = await js.CreateOrderedConsumerAsync(stream, cancellationToken: timeout.Token).ConfigureAwait(false);
        try
        {
            await foreach (var msg in consumer.ConsumeAsync<byte[]>(cancellationToken: timeout.Token).ConfigureAwait(false))
            {
                var metadata = msg.Metadata ?? throw new InvalidOperationException($"A message of {stream} came without JetStream metadata.");
                read.Add(new StreamMessageRecord(msg.Subject, metadata.Sequence.Stream, msg.Data ?? [], StreamMessageRecord.HeadersOf(msg.Headers), metadata.Timestamp));
                if (metadata.Sequence.Stream >= state.LastSeq)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"Reading {stream} up to #{state.LastSeq} took longer than {StreamReadTimeout.TotalSeconds:0}s; {read.Count} messages read.");
        }

        if ((ulong)read.Count != (ulong)state.Messages)
        {
            throw new InvalidOperationException(
                $"Stream {stream} holds {state.Messages} messages in sequences {state.FirstSeq}..{state.LastSeq}, but {read.Count} could be read.");
        }

        return read;
    }

    private static OrderRow ReadOrderRow(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<IReadOnlyList<T>> QueryAsync<T>(string connectionString, string sql, Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}

/// <summary>A message of ORDERS, with the fields the invariants need (unreadable JSON keeps nulls).</summary>
/// <param name="Version">Null for <c>orders.update-rejected</c>, which changes no version.</param>
public sealed record OrderEventRecord(ulong Sequence, string Subject, string? OrderId, long? Version, string? EventId)
{
    internal static OrderEventRecord From(StreamMessageRecord msg)
    {
        var json = Json.Parse(msg.Data);
        return new OrderEventRecord(msg.Sequence, msg.Subject, Json.String(json, "orderId"), Json.Int64(json, "version"), Json.String(json, "eventId"));
    }
}

/// <summary>A message of PAYMENTS.</summary>
public sealed record PaymentEventRecord(ulong Sequence, string Subject, string? OrderId, decimal? Amount, string? EventId)
{
    internal static PaymentEventRecord From(StreamMessageRecord msg)
    {
        var json = Json.Parse(msg.Data);
        return new PaymentEventRecord(msg.Sequence, msg.Subject, Json.String(json, "orderId"), Json.Decimal(json, "amount"), Json.String(json, "eventId"));
    }
}

/// <summary>A message of DEADLETTER with its contract headers (null when missing).</summary>
public sealed record DeadLetterRecord(
    ulong Sequence, string Subject, string? Reason, string? OriginalSubject, ulong? OriginalSequence, string? Deliveries, ReadOnlyMemory<byte> Data)
{
    internal static DeadLetterRecord From(StreamMessageRecord msg) =>
        new(
            msg.Sequence,
            msg.Subject,
            msg.Header(MessageHeaders.DeadReason),
            msg.Header(MessageHeaders.OriginalSubject),
            ulong.TryParse(msg.Header(MessageHeaders.OriginalSequence), System.Globalization.CultureInfo.InvariantCulture, out var sequence) ? sequence : null,
            msg.Header(MessageHeaders.Deliveries),
            msg.Data);
}

/// <summary>A message as its stream stores it: subject, stream sequence, exact payload bytes, headers and store time.</summary>
/// <param name="Headers">Null when the message has none; a header sent more than once reads as its values joined by commas.</param>
public sealed record StreamMessageRecord(string Subject, ulong Sequence, ReadOnlyMemory<byte> Data, IReadOnlyDictionary<string, string>? Headers, DateTimeOffset Time)
{
    /// <summary>The value of header <paramref name="name"/>, or null.</summary>
    public string? Header(string name) => Headers is { } headers && headers.TryGetValue(name, out var value) ? value : null;

    internal static IReadOnlyDictionary<string, string>? HeadersOf(NatsHeaders? headers) =>
        headers is null || headers.Count == 0
            ? null
            : headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.Ordinal);
}

/// <summary>An order's status and version as a service stores it (order-service's <c>orders</c>, status-service's <c>order_views</c>).</summary>
public sealed record OrderRow(string OrderId, string Status, long Version);

/// <summary>A row of the simulated gateway's ledger: money taken for a payment.</summary>
public sealed record GatewayChargeRow(string PaymentId, decimal Amount, string Currency);

/// <summary>Lenient reads of the few fields the invariants use; a payload that is not an object reads as all-null.</summary>
file static class Json
{
    public static JsonElement? Parse(ReadOnlyMemory<byte> data)
    {
        try
        {
            using var document = JsonDocument.Parse(data);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? String(JsonElement? json, string name) =>
        json is { } o && o.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    public static long? Int64(JsonElement? json, string name) =>
        json is { } o && o.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt64(out var v) ? v : null;

    public static decimal? Decimal(JsonElement? json, string name) =>
        json is { } o && o.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetDecimal(out var v) ? v : null;
}
