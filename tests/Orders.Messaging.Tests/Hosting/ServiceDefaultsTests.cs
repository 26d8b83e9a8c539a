using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.Contracts.Messaging;
using Orders.Messaging.Hosting;
using Orders.Messaging.Persistence;
using Orders.Messaging.Pipeline;
using Orders.Messaging.Provisioning;
using Orders.Messaging.Tests.Pipeline.Support;
using Orders.Messaging.Tests.Support;
using Orders.Messaging.Tests.TestModel;
using Orders.ServiceDefaults;
using Orders.Testing;

namespace Orders.Messaging.Tests.Hosting;

/// <summary>A service built the way Program.cs builds one, on Kestrel, against real NATS and PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ServiceDefaultsTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http = new() { Timeout = Deadline };
    private TestJetStream _nats = null!;

    public async Task InitializeAsync() => _nats = await TestJetStream.StartAsync(provision: false);

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _nats.DisposeAsync();
    }

    [RequiresLocalNatsServerFact]
    public async Task Healthz_NatsConnectedAndPostgresAnswering_Returns200()
    {
        var database = await TestDatabase.CreateAsync(postgres, "defaults_healthy", migrate: false);
        await using var app = await StartAsync(_nats.Url, database.ConnectionString);

        var (status, down) = await HealthAsync(app, HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(down);
    }

    [RequiresLocalNatsServerFact]
    public async Task Healthz_NatsNotReachable_Returns503NamingNats()
    {
        var database = await TestDatabase.CreateAsync(postgres, "defaults_nats_down", migrate: false);
        await using var app = await StartAsync($"nats://127.0.0.1:{FreePort.Next()}", database.ConnectionString);

        var (status, down) = await HealthAsync(app, HttpStatusCode.ServiceUnavailable, "nats");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(["nats"], down);
    }

    [RequiresLocalNatsServerFact]
    public async Task Healthz_PostgresNotAnswering_Returns503NamingPostgres()
    {
        await using var app = await StartAsync(_nats.Url, $"Host=127.0.0.1;Port={FreePort.Next()};Username=x;Password=y;Database=z");

        var (status, down) = await HealthAsync(app, HttpStatusCode.ServiceUnavailable, "postgres");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(["postgres"], down);
    }

    [RequiresLocalNatsServerFact]
    public async Task Healthz_PostgresSilentLongerThanHealthCheckTimeout_Returns503WithinThatTimeout()
    {
        // A socket that accepts connections and never answers: Npgsql on its own would wait its
        // connection timeout (60 s here); the health check must give up after its own.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var port = ((IPEndPoint)silent.LocalEndpoint).Port;
            await using var app = await StartAsync(
                _nats.Url,
                $"Host=127.0.0.1;Port={port};Username=x;Password=y;Database=z;Timeout=60",
                ("Postgres:HealthCheckTimeout", "00:00:00.300"));
            var clock = Stopwatch.StartNew();

            using var response = await _http.GetAsync(Url(app, "/healthz"));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"answered after {clock.Elapsed}");
        }
        finally
        {
            silent.Stop();
        }
    }

    [RequiresLocalNatsServerFact]
    public async Task AddServiceDefaults_OrdersEnvironmentVariable_OverridesConfiguration()
    {
        const string variable = "ORDERS_Nats__InboxPrefix";
        Environment.SetEnvironmentVariable(variable, "_INBOX.from-environment");
        try
        {
            var builder = CreateBuilder(_nats.Url, "Host=unused");
            builder.Configuration.AddInMemoryCollection([new("Nats:InboxPrefix", "_INBOX.from-file")]);
            builder.AddServiceDefaults("test-service");

            await using var app = builder.Build();

            Assert.Equal("_INBOX.from-environment", app.Services.GetRequiredService<IOptions<Orders.Configuration.NatsOptions>>().Value.InboxPrefix);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [RequiresLocalNatsServerFact]
    public async Task AddOrdersMessaging_Registrations_StopConsumersThenOutboxThenActorsThenNats()
    {
        var builder = CreateBuilder(_nats.Url, "Host=unused");
        builder.AddServiceDefaults(PipelineHost.ServiceName);
        builder.Services.AddSingleton(new ActorScript());
        builder.AddOrdersMessaging<TestDbContext>(m => m
            .WithActors(actors => actors.WithEntityRegion<ScriptedActor>("orders"))
            .WithConsumer<ScriptedActor>(PipelineHost.CommandsConsumer));
        await using var app = builder.Build();

        // Hosted services stop in reverse registration order.
        var stopOrder = app.Services.GetServices<IHostedService>().Select(s => s.GetType().Name).Reverse().ToList();

        string[] expected = ["JetStreamConsumer`1", "OutboxRelay`1", "AkkaHostedService", "DatabaseMigrator`1", "NatsConnectionLifetime"];
        Assert.Equal(expected, stopOrder.Where(expected.Contains));
    }

    [RequiresLocalNatsServerFact]
    public async Task AddOrdersMessaging_PipelineMaxInFlightConfigured_EveryConsumerTakesIt()
    {
        var builder = CreateBuilder(_nats.Url, "Host=unused", ("Pipeline:MaxInFlight", "7"));
        builder.AddServiceDefaults(PipelineHost.ServiceName);
        builder.Services.AddSingleton(new ActorScript());
        builder.AddOrdersMessaging<TestDbContext>(m => m
            .WithActors(actors => actors.WithEntityRegion<ScriptedActor>("orders"))
            .WithConsumer<ScriptedActor>(PipelineHost.CommandsConsumer)
            .WithConsumer<ScriptedActor>(PipelineHost.CommandsConsumer with { Durable = "second" }));
        await using var app = builder.Build();

        var consumers = app.Services.GetServices<IHostedService>().OfType<JetStreamConsumer<ScriptedActor>>().ToList();

        Assert.Equal(2, consumers.Count);
        Assert.All(consumers, consumer => Assert.Equal(7, consumer.Definition.MaxInFlight));
    }

    [RequiresLocalNatsServerFact]
    public async Task AddOrdersMessaging_Started_MigratesProvisionsAndHandlesMessagesAndReportsStats()
    {
        var database = await TestDatabase.CreateAsync(postgres, "defaults_messaging", migrate: false);
        var script = new ActorScript();
        var builder = CreateBuilder(_nats.Url, database.ConnectionString);
        builder.AddServiceDefaults(PipelineHost.ServiceName);
        builder.Services.AddSingleton(script);
        builder.AddOrdersMessaging<TestDbContext>(m => m
            .WithActors(actors => actors.WithEntityRegion<ScriptedActor>("orders"))
            .WithConsumer<ScriptedActor>(PipelineHost.CommandsConsumer));
        await using var app = builder.Build();
        MapEndpoints(app);
        await app.StartAsync();

        await _nats.PublishAsync(Subjects.Commands.SubmitOrder, TestPayloads.SubmitOrder("o-1"));
        await Eventually.WaitUntilAsync(() => app.Services.GetRequiredService<PipelineStats>().Snapshot().Total.Acked == 1, Deadline, "acked");
        await ForceLostRaceAsync(app.Services.GetRequiredService<MessageCommitter>(), database);
        var stats = JsonDocument.Parse(await _http.GetStringAsync(Url(app, "/stats/pipeline"))).RootElement;
        await app.StopAsync();

        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM information_schema.tables WHERE table_name = 'outbox'"));
        Assert.Equal(1, stats.GetProperty("total").GetProperty("acked").GetInt64());
        Assert.Equal(1, stats.GetProperty("consumers").GetProperty(PipelineHost.CommandsConsumer.Name).GetProperty("received").GetInt64());
        Assert.Equal(1, stats.GetProperty("conflictsRetried").GetInt64());
    }

    [RequiresLocalNatsServerFact]
    public async Task Healthz_ConsumerLostAndNotAllowedToRecreateIt_Returns503NamingConsumersAndShowsTheRefusal()
    {
        // The service user may not create consumers, so the durable an operator deleted stays gone:
        // the service must stop calling itself healthy, and say why.
        await using var server = await NatsServerFixture.StartNewAsync("""
            authorization {
              users = [
                { user: admin, password: admin-pw }
                { user: svc, password: svc-pw, permissions: { publish: { deny: ["$JS.API.CONSUMER.CREATE.>", "$JS.API.CONSUMER.DURABLE.CREATE.>"] } } }
              ]
            }
            """);
        await using var admin = new NATS.Client.Core.NatsConnection(new NATS.Client.Core.NatsOpts
        {
            Url = server.Url,
            AuthOpts = NATS.Client.Core.NatsAuthOpts.Default with { Username = "admin", Password = "admin-pw" },
        });
        var adminJs = new NATS.Client.JetStream.NatsJSContext(admin);
        var consumer = PipelineHost.CommandsConsumer with { IdleHeartbeat = TimeSpan.FromSeconds(1) };
        await new StreamProvisioner(adminJs, new StreamsOptions(), [consumer], Microsoft.Extensions.Logging.Abstractions.NullLogger<StreamProvisioner>.Instance).ProvisionAsync();
        var database = await TestDatabase.CreateAsync(postgres, "defaults_unbound", migrate: false);
        var builder = CreateBuilder(server.Url, database.ConnectionString,
            ("Nats:User", "svc"), ("Nats:Password", "svc-pw"), ("Health:ConsumerUnboundThreshold", "00:00:01"), ("Streams:ReadyTimeout", "00:01:00"));
        builder.AddServiceDefaults(PipelineHost.ServiceName);
        builder.Services.AddSingleton(new ActorScript());
        builder.AddOrdersMessaging<TestDbContext>(m => m
            .WithActors(actors => actors.WithEntityRegion<ScriptedActor>("orders"))
            .WithConsumer<ScriptedActor>(consumer));
        await using var app = builder.Build();
        MapEndpoints(app);
        await app.StartAsync();
        await HealthAsync(app, HttpStatusCode.OK);

        await adminJs.DeleteConsumerAsync(consumer.Stream, consumer.Durable);

        var (status, down) = await HealthAsync(app, HttpStatusCode.ServiceUnavailable, "consumers");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(["consumers"], down);
        using var response = await _http.GetAsync(Url(app, "/healthz"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(consumer.Name, body.GetProperty("down").GetProperty("consumers").GetString());
        Assert.Contains("$JS.API.CONSUMER", body.GetProperty("degraded").GetProperty("nats").GetString());
    }

    [RequiresLocalNatsServerFact]
    public async Task Healthz_OutboxRowUnsentPastTheThreshold_Returns503NamingOutbox()
    {
        var database = await TestDatabase.CreateAsync(postgres, "defaults_outbox_lag", migrate: false);
        var builder = CreateBuilder(_nats.Url, database.ConnectionString, ("Health:OutboxLagThreshold", "00:00:01"));
        builder.AddServiceDefaults(PipelineHost.ServiceName);
        builder.AddOrdersMessaging<TestDbContext>(_ => { });
        await using var app = builder.Build();
        MapEndpoints(app);
        await app.StartAsync();
        await HealthAsync(app, HttpStatusCode.OK);

        // An event no stream takes: the relay cannot publish it, so it stays in the outbox.
        await using (var db = database.CreateContext())
        {
            await app.Services.GetRequiredService<MessageCommitter>().CommitAsync(
                db, new InboxEntry("msg-stuck", PipelineHost.ServiceName), [new OutgoingMessage("stuck-1", "nowhere.at-all", new byte[] { 1 })]);
        }

        var (status, down) = await HealthAsync(app, HttpStatusCode.ServiceUnavailable, "outbox");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(["outbox"], down);
    }

    /// <summary>A commit through the service's own committer that expects a version the row never had.</summary>
    private static async Task ForceLostRaceAsync(MessageCommitter committer, TestDatabase database)
    {
        await database.SeedParcelAsync("p-race");
        await using var db = database.CreateContext();
        db.UpdateExpectingVersion(new Parcel { Id = "p-race", Status = "shipped", Version = 9 }, expectedVersion: 8);
        Assert.Equal(CommitResult.ConcurrencyConflict, await committer.CommitAsync(db, new InboxEntry("msg-race", "test-service"), []));
    }

    private static WebApplicationBuilder CreateBuilder(string natsUrl, string postgresConnectionString, params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(
        [
            new("Nats:Url", natsUrl),
            new("Postgres:ConnectionString", postgresConnectionString),
            new("InstanceId", "t1"),
            .. settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)),
        ]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return builder;
    }

    private static async Task<WebApplication> StartAsync(string natsUrl, string postgresConnectionString, params (string Key, string Value)[] settings)
    {
        var builder = CreateBuilder(natsUrl, postgresConnectionString, settings);
        builder.AddServiceDefaults("test-service");
        builder.AddOrdersPostgres();
        var app = builder.Build();
        MapEndpoints(app);
        await app.StartAsync();
        return app;
    }

    /// <summary>What every service maps: the defaults' <c>/healthz</c>, and the pipeline figures when the messaging is there.</summary>
    private static void MapEndpoints(WebApplication app)
    {
        app.MapDefaultEndpoints();
        if (app.Services.GetService<PipelineStats>() is not null)
        {
            app.MapGet(PipelineStats.Path, (PipelineStats stats) => stats.Snapshot());
        }
    }

    private static string Url(WebApplication app, string path) => app.Urls.First().TrimEnd('/') + path;

    /// <summary>
    /// Reads <c>/healthz</c> until it gives the expected answer (or the deadline passes) and returns
    /// the last answer. One answer alone can name a check that merely timed out on a starved machine
    /// (the Postgres check allows 5 s by default); a check that is really down stays down in every answer.
    /// </summary>
    private async Task<(HttpStatusCode Status, string[] Down)> HealthAsync(WebApplication app, HttpStatusCode expected, params string[] expectedDown)
    {
        (HttpStatusCode Status, string[] Down) last = default;
        try
        {
            await Eventually.WaitUntilAsync(
                async () =>
                {
                    using var response = await _http.GetAsync(Url(app, "/healthz"));
                    var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                    last = (response.StatusCode, body.TryGetProperty("down", out var down) ? [.. down.EnumerateObject().Select(p => p.Name)] : []);
                    return last.Status == expected && last.Down.SequenceEqual(expectedDown);
                },
                Deadline);
        }
        catch (TimeoutException)
        {
            // The caller's assertions name what was answered instead.
        }

        return last;
    }
}

