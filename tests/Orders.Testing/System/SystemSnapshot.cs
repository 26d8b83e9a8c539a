using System.Text.Json;
using Npgsql;
using Orders.Contracts.Messaging;
using Orders.Nats.JetStream;

namespace Orders.Testing.SystemUnderTest;

/// <summary>
/// Everything the invariants look at, read completely at one moment: every message of the four
/// streams (by sequence, <c>STREAM.MSG.GET</c>, from the first to the last sequence) and the
/// relevant tables of the three databases (superuser connections). Public so fault suites can
/// write checks of their own.
/// </summary>
public sealed record SystemSnapshot(
    IReadOnlyList<StoredMsg> Commands,
    IReadOnlyList<OrderEventRecord> OrderEvents,
    IReadOnlyList<PaymentEventRecord> PaymentEvents,
    IReadOnlyList<DeadLetterRecord> DeadLetters,
    IReadOnlyList<OrderRow> Orders,
    IReadOnlyList<OrderRow> OrderViews,
    IReadOnlyList<GatewayChargeRow> GatewayCharges,
    IReadOnlyDictionary<string, long> UnsentOutbox)
{
    private const int ParallelReads = 32;

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

    /// <summary>Every message of <paramref name="stream"/>, in sequence order; throws if one could not be read.</summary>
    public static async Task<IReadOnlyList<StoredMsg>> ReadStreamAsync(NatsJSContext js, string stream, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(js);
        var info = await js.GetStreamAsync(stream, ct).ConfigureAwait(false);
        if (info.State.Messages == 0)
        {
            return [];
        }

        var first = info.State.FirstSeq;
        var count = checked((int)(info.State.LastSeq - first + 1));
        var messages = new StoredMsg?[count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = ct },
            async (index, token) =>
            {
                try
                {
                    messages[index] = await js.GetMsgAsync(stream, first + (ulong)index, token).ConfigureAwait(false);
                }
                catch (NatsJSMessageNotFoundException)
                {
                    // Deleted (limits retention never deletes within a test run); counted below.
                }
            }).ConfigureAwait(false);

        var read = messages.OfType<StoredMsg>().ToList();
        if ((ulong)read.Count != info.State.Messages)
        {
            throw new InvalidOperationException(
                $"Stream {stream} holds {info.State.Messages} messages in sequences {first}..{info.State.LastSeq}, but {read.Count} could be read.");
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
    internal static OrderEventRecord From(StoredMsg msg)
    {
        var json = Json.Parse(msg.Data);
        return new OrderEventRecord(msg.Sequence, msg.Subject, Json.String(json, "orderId"), Json.Int64(json, "version"), Json.String(json, "eventId"));
    }
}

/// <summary>A message of PAYMENTS.</summary>
public sealed record PaymentEventRecord(ulong Sequence, string Subject, string? OrderId, decimal? Amount, string? EventId)
{
    internal static PaymentEventRecord From(StoredMsg msg)
    {
        var json = Json.Parse(msg.Data);
        return new PaymentEventRecord(msg.Sequence, msg.Subject, Json.String(json, "orderId"), Json.Decimal(json, "amount"), Json.String(json, "eventId"));
    }
}

/// <summary>A message of DEADLETTER with its contract headers (null when missing).</summary>
public sealed record DeadLetterRecord(
    ulong Sequence, string Subject, string? Reason, string? OriginalSubject, ulong? OriginalSequence, string? Deliveries, ReadOnlyMemory<byte> Data)
{
    internal static DeadLetterRecord From(StoredMsg msg)
    {
        string? Header(string name) => msg.Headers is { } headers && headers.TryGetValue(name, out var value) ? value : null;
        return new DeadLetterRecord(
            msg.Sequence,
            msg.Subject,
            Header(MessageHeaders.DeadReason),
            Header(MessageHeaders.OriginalSubject),
            ulong.TryParse(Header(MessageHeaders.OriginalSequence), System.Globalization.CultureInfo.InvariantCulture, out var sequence) ? sequence : null,
            Header(MessageHeaders.Deliveries),
            msg.Data);
    }
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
