using System.Net;
using System.Text.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Npgsql;
using Orders.StatusService.Projection;
using Orders.Contracts;
using Orders.Contracts.Json;
using Orders.Contracts.Messaging;
using Orders.Testing;

namespace Orders.StatusService.Tests.Support;

/// <summary>
/// Everything one test needs: a fresh database for the service, the streams reset on the shared
/// nats-server, a NATS client that publishes the way order-service does, and waits on conditions
/// (never sleeps).
/// </summary>
internal sealed class StatusServiceScenario : IAsyncDisposable
{
    public const string Durable = "status-service";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // JetStream's error code for "stream not found" (its HTTP-like code, 404, is shared with other misses).
    private const int StreamNotFound = 10059;

    private readonly List<StatusServiceInstance> _instances = [];
    private readonly NatsConnection _connection;
    private readonly string _natsUrl;
    private readonly string _connectionString;

    private StatusServiceScenario(NatsConnection connection, string natsUrl, string connectionString)
    {
        _connection = connection;
        _natsUrl = natsUrl;
        _connectionString = connectionString;
        JetStream = new NatsJSContext(connection);
    }

    public NatsJSContext JetStream { get; }

    /// <summary>The service's database (owned by its own least-privilege role).</summary>
    public string ConnectionString => _connectionString;

    public static async Task<StatusServiceScenario> CreateAsync(NatsServerFixture nats, PostgresFixture postgres, string name)
    {
        var connectionString = await postgres.CreateDatabaseAsync(name, ownerRole: name + "_owner");
        var connection = new NatsConnection(new NatsOpts { Url = nats.Url, Name = "status-service-tests" });
        await connection.ConnectAsync();
        var scenario = new StatusServiceScenario(connection, nats.Url, connectionString);

        // The previous test's events, consumer and dead letters must not leak into this one;
        // the service provisions the streams again when it starts.
        foreach (var stream in new[] { Streams.Names.Orders, Streams.Names.DeadLetter })
        {
            try
            {
                await scenario.JetStream.DeleteStreamAsync(stream);
            }
            catch (NatsJSApiException ex) when (ex.Error.ErrCode == StreamNotFound)
            {
                // Not there yet: nothing to reset.
            }
        }

        return scenario;
    }

    /// <summary>Starts one more instance of the service on the same database and NATS server.</summary>
    public async Task<StatusServiceInstance> StartInstanceAsync()
    {
        var instance = await StatusServiceInstance.StartAsync(
        [
            $"--Nats:Url={_natsUrl}",
            $"--Postgres:ConnectionString={_connectionString}",
            // Gaps come again quickly, and a slow (shared, loaded) machine still gets 30 s before a
            // gap is given up on as a dead letter.
            "--StatusService:GapDelay=00:00:00.100",
            "--StatusService:MaxDeliver=300",
        ]);
        _instances.Add(instance);
        return instance;
    }

    /// <summary>Publishes an event exactly as order-service's outbox relay does: contract JSON, <c>Nats-Msg-Id</c> = event id.</summary>
    public Task<PubAckResponse> PublishAsync(IOrderEvent evt, string? msgId = null) =>
        PublishRawAsync(Subjects.ForEvent(evt), Serialize(evt), msgId ?? evt.EventId);

    public async Task<PubAckResponse> PublishRawAsync(string subject, byte[] payload, string msgId)
    {
        var ack = await JetStream.PublishAsync(subject, payload, opts: new NatsJSPubOpts { MsgId = msgId });
        // NATS.Net returns an ack carrying an error instead of throwing (and EnsureSuccess() would also throw on the duplicates tests look for).
        return ack.Error is { } error ? throw new NatsJSApiException(error) : ack;
    }

    /// <summary>Waits until the service's consumer has settled (acked or terminated) everything in ORDERS so far.</summary>
    public async Task WaitUntilConsumedAsync()
    {
        var last = (await JetStream.GetStreamAsync(Streams.Names.Orders)).Info.State.LastSeq;
        await Eventually.WaitUntilAsync(
            async () =>
            {
                var consumer = (await JetStream.GetConsumerAsync(Streams.Names.Orders, Durable)).Info;
                return consumer.AckFloor.StreamSeq >= last && consumer.NumAckPending == 0;
            },
            Timeout,
            $"status-service to settle ORDERS up to sequence {last}");
    }

    /// <summary>Waits until <c>GET /orders/{orderId}</c> reports <paramref name="version"/> and returns the body.</summary>
    public static async Task<JsonElement> WaitForVersionAsync(StatusServiceInstance instance, string orderId, int version)
    {
        JsonElement body = default;
        await Eventually.WaitUntilAsync(
            async () =>
            {
                using var response = await instance.Http.GetAsync($"/orders/{orderId}");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return false;
                }

                body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                return body.GetProperty("version").GetInt32() >= version;
            },
            Timeout,
            $"order {orderId} to reach version {version}");
        return body;
    }

    /// <summary>The dead letters published so far, oldest first.</summary>
    public async Task<IReadOnlyList<StreamMessage>> DeadLettersAsync()
    {
        var stream = await JetStream.GetStreamAsync(Streams.Names.DeadLetter);
        var state = stream.Info.State;
        var letters = new List<StreamMessage>();
        for (var seq = state.FirstSeq; state.Messages > 0 && seq <= state.LastSeq; seq++)
        {
            letters.Add(await StreamMessage.ReadAsync(stream, seq));
        }

        return letters;
    }

    /// <summary>The service's store on the scenario's database (see <see cref="StatusDatabase.CreateStore"/>).</summary>
    public OrderViewStore CreateStore() => StatusDatabase.CreateStore(_connectionString);

    /// <summary>Runs a scalar query on the service's database with plain ADO.NET (independent of the code under test).</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Stops every instance (all of them, even if one fails to stop: a leftover would take the next test's messages).</summary>
    public async ValueTask DisposeAsync()
    {
        var failures = new List<Exception>();
        foreach (var instance in _instances)
        {
            try
            {
                await instance.DisposeAsync();
            }
            catch (Exception ex)
            {
                failures.Add(ex);
            }
        }

        await _connection.DisposeAsync();
        if (failures.Count > 0)
        {
            throw new AggregateException("Stopping the service instances failed.", failures);
        }
    }

    private static byte[] Serialize(IOrderEvent evt) => evt switch
    {
        OrderCreated e => OrdersJson.Serialize(e),
        OrderPaid e => OrdersJson.Serialize(e),
        OrderPaymentFailed e => OrdersJson.Serialize(e),
        OrderShipped e => OrdersJson.Serialize(e),
        OrderDelivered e => OrdersJson.Serialize(e),
        OrderCancelled e => OrdersJson.Serialize(e),
        OrderUpdateRejected e => OrdersJson.Serialize(e),
        _ => throw new ArgumentException($"{evt.GetType().Name} is not an order event.", nameof(evt)),
    };
}
