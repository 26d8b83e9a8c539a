using System.Globalization;
using Microsoft.AspNetCore.Builder;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Npgsql;
using Orders.Contracts;
using Orders.Contracts.Json;
using Orders.Contracts.Messaging;
using Orders.PaymentService.Hosting;
using Orders.Testing;

namespace Orders.PaymentService.Tests.Support;

/// <summary>
/// One or more payment-service instances started in-process over a fresh database, and a NATS
/// client that drives them from outside exactly as order-service would (JetStream publishes with
/// <c>Nats-Msg-Id</c>) and reads what they produced: the PAYMENTS and DEADLETTER streams and the
/// database, through plain SQL.
/// </summary>
internal sealed class PaymentTestBed : IAsyncDisposable
{
    public const string ServiceName = "payment-service";
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly List<WebApplication> _instances = [];
    private readonly NatsConnection _client;
    private ulong _paymentsStart;
    private ulong _deadLettersStart;
    private ulong _lastOrdersSequence;

    private PaymentTestBed(string connectionString, NatsConnection client)
    {
        ConnectionString = connectionString;
        _client = client;
        JetStream = new NatsJSContext(client);
    }

    public string ConnectionString { get; }

    public NatsJSContext JetStream { get; }

    public IReadOnlyList<WebApplication> Instances => _instances;

    /// <summary>A new order id, unique across the whole test run (the streams are shared).</summary>
    public static string NewOrderId() => "o-" + Guid.NewGuid().ToString("N")[..20];

    /// <summary>
    /// Creates the database (owned by its own least-privilege role, as in production) and starts
    /// <paramref name="instances"/> instances with <paramref name="settings"/> on top of the defaults.
    /// </summary>
    public static async Task<PaymentTestBed> StartAsync(
        NatsServerFixture nats, PostgresFixture postgres, int instances = 1, IReadOnlyDictionary<string, string>? settings = null)
    {
        var connectionString = await postgres.CreateDatabaseAsync("payments", ownerRole: "payment_service");
        var client = new NatsConnection(new NatsOpts { Url = nats.Url, Name = "payment-tests" });
        var bed = new PaymentTestBed(connectionString, client);
        try
        {
            for (var i = 0; i < instances; i++)
            {
                // One after another: the first one migrates the database and provisions the streams.
                await bed.StartInstanceAsync(nats.Url, settings);
            }

            bed._paymentsStart = (await bed.JetStream.GetStreamAsync(Streams.Names.Payments)).Info.State.LastSeq;
            bed._deadLettersStart = (await bed.JetStream.GetStreamAsync(Streams.Names.DeadLetter)).Info.State.LastSeq;
            return bed;
        }
        catch
        {
            await bed.DisposeAsync();
            throw;
        }
    }

    public Task PublishAsync(OrderCreated created, string? msgId = null) =>
        PublishRawAsync(Subjects.Orders.Created, OrdersJson.Serialize(created), msgId ?? created.EventId);

    public Task PublishAsync(OrderCancelled cancelled, string? msgId = null) =>
        PublishRawAsync(Subjects.Orders.Cancelled, OrdersJson.Serialize(cancelled), msgId ?? cancelled.EventId);

    /// <summary>Publishes bytes to ORDERS and waits for the stream's ack.</summary>
    public async Task PublishRawAsync(string subject, byte[] payload, string msgId)
    {
        var ack = await JetStream.PublishAsync(subject, payload, opts: new NatsJSPubOpts { MsgId = msgId });
        // NATS.Net returns an ack carrying an error instead of throwing; not EnsureSuccess(): the assertion below names a duplicate.
        if (ack.Error is { } error)
        {
            throw new NatsJSApiException(error);
        }

        Assert.False(ack.Duplicate, $"the stream dropped {msgId} as a duplicate; use a new Nats-Msg-Id");
        _lastOrdersSequence = Math.Max(_lastOrdersSequence, ack.Seq);
    }

    /// <summary>Every message the service published on PAYMENTS for <paramref name="orderId"/> since the bed started, in stream order.</summary>
    public async Task<IReadOnlyList<PublishedPayment>> ReadPaymentsAsync(string orderId)
    {
        var published = new List<PublishedPayment>();
        foreach (var stored in await ReadStreamAsync(Streams.Names.Payments, _paymentsStart))
        {
            var payment = PublishedPayment.Decode(stored);
            if (payment.Event.OrderId == orderId)
            {
                published.Add(payment);
            }
        }

        return published;
    }

    /// <summary>Every dead letter since the bed started.</summary>
    public Task<IReadOnlyList<StreamMessage>> ReadDeadLettersAsync() => ReadStreamAsync(Streams.Names.DeadLetter, _deadLettersStart);

    /// <summary>Waits until what was published for <paramref name="orderId"/> satisfies <paramref name="condition"/>.</summary>
    public async Task<IReadOnlyList<PublishedPayment>> WaitForPaymentsAsync(
        string orderId, Func<IReadOnlyList<PublishedPayment>, bool> condition, string because, TimeSpan? timeout = null)
    {
        IReadOnlyList<PublishedPayment> payments = [];
        await Eventually.WaitUntilAsync(
            async () => condition(payments = await ReadPaymentsAsync(orderId)),
            timeout ?? DefaultTimeout,
            because);
        return payments;
    }

    /// <summary>
    /// Waits until the service has finished with everything published so far: every ORDERS message
    /// acked by its consumer (none pending, none waiting for a redelivery) and the outbox empty. After
    /// that, nothing more can appear, so "exactly one" can be asserted without sleeping.
    /// </summary>
    public Task WaitUntilSettledAsync(TimeSpan? timeout = null) => Eventually.WaitUntilAsync(
        async () =>
        {
            var consumer = (await JetStream.GetConsumerAsync(Streams.Names.Orders, ServiceName)).Info;
            return consumer.NumPending == 0
                && consumer.NumAckPending == 0
                && consumer.AckFloor.StreamSeq >= _lastOrdersSequence
                && await ScalarAsync<long>("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0;
        },
        timeout ?? DefaultTimeout,
        "the service should ack every ORDERS message and publish its whole outbox");

    /// <summary>Rows in the simulated gateway's ledger for the order: money actually taken.</summary>
    public Task<long> GatewayChargesAsync(string orderId) =>
        ScalarAsync<long>($"SELECT count(*) FROM gateway_charges WHERE payment_id = '{PaymentIds.For(orderId)}'");

    /// <summary>The stored payment's status, or null when there is no row.</summary>
    public async Task<string?> PaymentStatusAsync(string orderId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status FROM payments WHERE order_id = @id", connection);
        command.Parameters.AddWithValue("id", orderId);
        return (string?)await command.ExecuteScalarAsync();
    }

    /// <summary>Runs a statement with plain ADO.NET (e.g. to set up what a crashed instance left behind).</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        // Graceful stop: consumers stop pulling and settle what arrived, the outbox flushes, acks are flushed.
        foreach (var instance in _instances)
        {
            await instance.StopAsync();
            await instance.DisposeAsync();
        }

        await _client.DisposeAsync();
    }

    private async Task StartInstanceAsync(string natsUrl, IReadOnlyDictionary<string, string>? settings)
    {
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            "--environment=Testing",
            $"--Nats:Url={natsUrl}",
            $"--Postgres:ConnectionString={ConnectionString}",
            "--Payments:Gateway:Latency=00:00:00.002",
            "--Payments:Gateway:Jitter=00:00:00.001",
        };
        args.AddRange((settings ?? new Dictionary<string, string>()).Select(s => $"--{s.Key}={s.Value}"));

        var app = PaymentServiceApp.Build([.. args]);
        _instances.Add(app);
        await app.StartAsync();
    }

    private async Task<IReadOnlyList<StreamMessage>> ReadStreamAsync(string stream, ulong after)
    {
        var source = await JetStream.GetStreamAsync(stream);
        var last = source.Info.State.LastSeq;
        var messages = new List<StreamMessage>();
        for (var sequence = after + 1; sequence <= last; sequence++)
        {
            messages.Add(await StreamMessage.ReadAsync(source, sequence));
        }

        return messages;
    }
}
