using System.Globalization;
using System.Net;
using System.Text.Json;
using Orders.Contracts;
using Orders.Contracts.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Orders.Contracts.Messaging;
using Orders.OrderService.Hosting;
using Orders.PaymentService.Hosting;
using Orders.StatusService.Hosting;
using Orders.Testing;
using Orders.Testing.SystemUnderTest;

namespace Orders.BadInput.Tests.Support;

/// <summary>
/// Runs the scenario once for the whole assembly: real nats-server and PostgreSQL, order-, payment-
/// and status-service in-process (one database each), then every corpus entry published to its
/// subject interleaved with <see cref="ValidOrders"/> valid orders that go submit, captured, paid,
/// shipped. The tests then assert on what it left behind, each on one behaviour.
/// </summary>
public sealed class BadInputRun : IAsyncLifetime
{
    public const int ValidOrders = 6;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan HealthGrace = TimeSpan.FromSeconds(10);

    private readonly List<ServiceHost> _services = [];
    private readonly List<string> _unhealthy = [];
    private NatsConnection _client = null!;

    public PostgresFixture Postgres { get; } = new();

    public NatsServerFixture Nats { get; } = new();

    internal NatsJSContext JetStream { get; private set; } = null!;

    internal IReadOnlyList<ServiceHost> Services => _services;

    internal ServiceHost StatusService => _services.Single(s => s.Name == "status-service");

    /// <summary>Every bad entry as published, with its sequence in the stream that took it.</summary>
    internal List<PublishedEntry> Published { get; } = [];

    /// <summary>The valid orders sent alongside.</summary>
    internal List<string> ValidOrderIds { get; } = [];

    /// <summary>Each time a /healthz answered other than 200 while the corpus was going in: which service, when.</summary>
    internal IReadOnlyList<string> UnhealthyAnswers => _unhealthy;

    /// <summary>The server's max_payload, which the generated oversized entries are sized against.</summary>
    internal int MaxPayload { get; private set; }

    public async Task InitializeAsync()
    {
        await Task.WhenAll(((IAsyncLifetime)Postgres).InitializeAsync(), ((IAsyncLifetime)Nats).InitializeAsync());
        string[] common = [$"--Nats:Url={Nats.Url}", "--urls=http://127.0.0.1:0", "--environment=Testing", "--Logging:LogLevel:Default=Error"];

        // One after another: each provisions the streams it needs, in any order.
        _services.Add(await ServiceHost.StartAsync(
            "order-service",
            OrderServiceApp.Build,
            [.. common, $"--Postgres:ConnectionString={await Postgres.CreateDatabaseAsync("orders", ownerRole: "order_service")}"]));
        _services.Add(await ServiceHost.StartAsync(
            "payment-service",
            PaymentServiceApp.Build,
            [.. common, $"--Postgres:ConnectionString={await Postgres.CreateDatabaseAsync("payments", ownerRole: "payment_service")}",
             "--Payments:Gateway:Latency=00:00:00.001", "--Payments:Gateway:Jitter=00:00:00"]));
        _services.Add(await ServiceHost.StartAsync(
            "status-service",
            StatusServiceApp.Build,
            [.. common, $"--Postgres:ConnectionString={await Postgres.CreateDatabaseAsync("status", ownerRole: "status_service")}",
             "--StatusService:GapDelay=00:00:00.100"]));

        _client = new NatsConnection(NatsOpts.Default with { Url = Nats.Url, Name = "bad-input-tests" });
        await _client.ConnectAsync();
        JetStream = new NatsJSContext(_client);
        MaxPayload = _client.ServerInfo?.MaxPayload ?? throw new InvalidOperationException("No INFO from the server.");

        await RunScenarioAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var service in _services)
        {
            await service.DisposeAsync();
        }

        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        await Nats.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    /// <summary>The status-service view of an order: (status, version, history versions), or null on 404.</summary>
    internal async Task<(string Status, int Version, int[] History)?> StatusOfAsync(string orderId)
    {
        using var response = await StatusService.Http.GetAsync($"/orders/{orderId}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        return (root.GetProperty("status").GetString()!,
                root.GetProperty("version").GetInt32(),
                root.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("version").GetInt32()).ToArray());
    }

    /// <summary>Every message in DEADLETTER so far (the server is private to this run).</summary>
    internal Task<IReadOnlyList<StreamMessageRecord>> DeadLettersAsync() => SystemSnapshot.ReadStreamAsync(JetStream, Streams.Names.DeadLetter);

    internal static Task WaitUntilAsync(Func<Task<bool>> condition, string because) => Eventually.WaitUntilAsync(condition, Deadline, because);

    private async Task RunScenarioAsync()
    {
        var runId = Guid.NewGuid().ToString("N")[..8];
        var entries = CorpusEntry.LoadCommitted().ToList();
        entries.Add(Oversized("commands.submit-order/generated-near-max-payload", headroom: 1024, runId));
        entries.Add(Oversized("commands.submit-order/generated-at-max-payload", headroom: 0, runId));

        // First half of the corpus with the submits woven in, then the ships with the second half.
        var half = entries.Count / 2;
        var gap = Math.Max(1, half / ValidOrders);
        for (var i = 0; i < half; i++)
        {
            await PublishAsync(entries[i], runId);
            if (i % gap == 0 && ValidOrderIds.Count < ValidOrders)
            {
                await SubmitValidOrderAsync($"good-{runId}-{ValidOrderIds.Count + 1}");
            }
        }

        while (ValidOrderIds.Count < ValidOrders)
        {
            await SubmitValidOrderAsync($"good-{runId}-{ValidOrderIds.Count + 1}");
        }

        await WaitUntilAsync(
            async () => (await Task.WhenAll(ValidOrderIds.Select(StatusOfAsync))).All(s => s is { Status: "Paid" }),
            "every valid order paid in the read model");

        var ships = new Queue<string>(ValidOrderIds);
        for (var i = half; i < entries.Count; i++)
        {
            await PublishAsync(entries[i], runId);
            if (ships.TryDequeue(out var orderId))
            {
                await PublishCommandAsync(
                    Subjects.Commands.UpdateStatus,
                    OrdersJson.Serialize(new UpdateStatus($"ship-{orderId}", orderId, OrderStatus.Shipped, ExpectedVersion: 2)),
                    EventIds.ForUpdateStatus($"ship-{orderId}"));
            }
        }

        while (ships.TryDequeue(out var orderId))
        {
            await PublishCommandAsync(
                Subjects.Commands.UpdateStatus,
                OrdersJson.Serialize(new UpdateStatus($"ship-{orderId}", orderId, OrderStatus.Shipped, ExpectedVersion: 2)),
                EventIds.ForUpdateStatus($"ship-{orderId}"));
        }
    }

    private CorpusEntry Oversized(string name, int headroom, string runId)
    {
        var probe = CorpusEntry.Generated(name, MaxPayload, headroom, publishHeaderBytes: 0);
        return CorpusEntry.Generated(name, MaxPayload, headroom, HeaderBytes(probe.HeadersFor(runId)));
    }

    /// <summary>Size of a header block on the wire: <c>NATS/1.0\r\n</c>, one <c>Name: value\r\n</c> per header value, <c>\r\n</c>.</summary>
    private static int HeaderBytes(NatsHeaders headers) =>
        "NATS/1.0\r\n".Length + headers.Sum(h => h.Value.Sum(value => System.Text.Encoding.UTF8.GetByteCount($"{h.Key}: {value}\r\n"))) + 2;

    /// <summary>
    /// One failed probe can be a starved machine (the Postgres check allows 2 s); a service that bad
    /// input broke stays unhealthy for the whole grace period.
    /// </summary>
    internal static async Task<bool> IsHealthyWithinAsync(ServiceHost service, TimeSpan? grace = null)
    {
        try
        {
            await Eventually.WaitUntilAsync(service.IsHealthyAsync, grace ?? HealthGrace);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task PublishAsync(CorpusEntry entry, string runId)
    {
        var ack = Stored(await JetStream.PublishAsync(entry.Subject, entry.Payload, headers: entry.HeadersFor(runId)), entry.Name);
        Published.Add(new PublishedEntry(entry, ack.Stream ?? "", ack.Seq));
        await SampleHealthAsync(entry.Name);
    }

    private async Task SubmitValidOrderAsync(string orderId)
    {
        var submit = new SubmitOrder(orderId, "c-good", "USD", [new OrderItem("SKU-1", 2, 19.99m), new OrderItem("SKU-2", 1, 5.00m)]);
        await PublishCommandAsync(Subjects.Commands.SubmitOrder, OrdersJson.Serialize(submit), EventIds.ForSubmitOrder(orderId));
        ValidOrderIds.Add(orderId);
    }

    private async Task PublishCommandAsync(string subject, byte[] payload, string msgId)
    {
        var ack = Stored(await JetStream.PublishAsync(subject, payload, opts: new NatsJSPubOpts { MsgId = msgId }), msgId);
        if (ack.Duplicate)
        {
            throw new InvalidOperationException($"{msgId} was dropped as a duplicate");
        }
    }

    /// <summary>
    /// The ack, unless the stream refused the message. Not <c>EnsureSuccess()</c>, which also throws
    /// on a duplicate: whether a duplicate is wrong is the caller's call.
    /// </summary>
    private static PubAckResponse Stored(PubAckResponse ack, string what) =>
        ack.Error is { } error
            ? throw new InvalidOperationException($"The stream refused {what}: {error.Code}/{error.ErrCode} {error.Description}")
            : ack;

    private async Task SampleHealthAsync(string after)
    {
        foreach (var service in _services)
        {
            if (!await IsHealthyWithinAsync(service))
            {
                _unhealthy.Add(string.Create(CultureInfo.InvariantCulture, $"{service.Name} after {after}"));
            }
        }
    }
}

/// <summary>A corpus entry and where its stream put it.</summary>
internal sealed record PublishedEntry(CorpusEntry Entry, string Stream, ulong Sequence);
